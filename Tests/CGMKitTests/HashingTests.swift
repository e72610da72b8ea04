@_spi(AdapterSupport) import CGMKit
import Testing

/// SHA-1 and SHA-256 against the published examples: FIPS 180-4's "abc" and two-block
/// messages (NIST "Examples with Intermediate Values", SHA1.pdf and SHA256.pdf), and
/// RFC 6234 §8.5's test cases (TEST1, TEST2_1, TEST3 one million "a", TEST4-style long
/// input, the empty message).
@Suite("Hashing (FIPS 180-4, RFC 6234)")
struct HashingTests {
    static let twoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
    static let longTwoBlocks =
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"

    @Test(
        "SHA-256 matches the FIPS 180-4 examples",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (twoBlocks, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            (longTwoBlocks, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
            (String(repeating: "a", count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
            (
                String(repeating: "a", count: 1_000_000),
                "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
            ),
        ])
    func sha256(message: String, hex: String) {
        #expect(Hex.lowercase(SHA256.digest(Array(message.utf8))) == hex)
        #expect(SHA256.hexDigest(message) == hex)
    }

    @Test(
        "SHA-1 matches the FIPS 180-4 examples",
        arguments: [
            ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
            (twoBlocks, "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
            (longTwoBlocks, "a49b2446a02c645bf419f995b67091253a04a259"),
            (String(repeating: "a", count: 1_000_000), "34aa973cd4c4daa4f61eeb2bdbad27316534016f"),
        ])
    func sha1(message: String, hex: String) {
        #expect(Hex.lowercase(SHA1.digest(Array(message.utf8))) == hex)
        #expect(SHA1.hexDigest(message) == hex)
    }

    /// Messages of "a" at the padding edges (the length field fits after 55 bytes, not
    /// after 56; 64 and 119/120 add a block), computed independently with Python's
    /// `hashlib`.
    @Test(
        "padding edges agree with an independent implementation",
        arguments: [
            (
                55, "c1c8bbdc22796e28c0e15163d20899b65621d65a",
                "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"
            ),
            (
                56, "c2db330f6083854c99d4b5bfb6e8f29f201be699",
                "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"
            ),
            (
                63, "03f09f5b158a7a8cdad920bddc29b81c18a551f5",
                "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"
            ),
            (
                64, "0098ba824b5c16427bd7a1122a5a442a25ec644d",
                "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"
            ),
            (
                119, "ee971065aaa017e0632a8ca6c77bb3bf8b1dfc56",
                "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"
            ),
            (
                120, "f34c1488385346a55709ba056ddd08280dd4c6d6",
                "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"
            ),
        ])
    func paddingEdges(count: Int, sha1: String, sha256: String) {
        let message = [UInt8](repeating: 0x61, count: count)
        #expect(Hex.lowercase(SHA1.digest(message)) == sha1)
        #expect(Hex.lowercase(SHA256.digest(message)) == sha256)
    }

    /// Stored login states hold this text, so its layout must never change: the digest
    /// is over the domain, then NUL + salt and NUL + each part (computed independently
    /// with Python's hashlib).
    @Test("a credential fingerprint is <salt>:SHA-256(domain NUL salt NUL parts…), and its salt reads back")
    func credentialFingerprint() {
        let text = CredentialFingerprint.make(domain: "cgmkit.share.rejected.v1", salt: "00ff", parts: ["ann", "pw"])
        #expect(text == "00ff:975bfb0d499d04382dcf6eebc347c95754ee5f6133c8d9da251e293039dd2c2e")
        #expect(CredentialFingerprint.salt(of: text) == "00ff")
        #expect(CredentialFingerprint.salt(of: "no separator") == nil)
    }
}
