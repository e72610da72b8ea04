/// SHA-1 (FIPS 180-4 §6.1), only because Nightscout's `API-SECRET` header is the SHA-1
/// hex digest of the site's secret. It protects nothing here beyond not sending the
/// secret itself; CGMKit has no package dependencies and CryptoKit is not on Linux.
/// Checked against the FIPS 180-4 examples (Tests/CGMKitTests/HashingTests.swift).
@_spi(AdapterSupport)
public enum SHA1 {
    /// The 20-byte digest of `message`.
    public static func digest(_ message: [UInt8]) -> [UInt8] {
        var state: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        let padded = MessagePadding.padded(message)
        var schedule = [UInt32](repeating: 0, count: 80)
        for blockStart in stride(from: 0, to: padded.count, by: 64) {
            MessagePadding.loadBlock(padded, at: blockStart, into: &schedule)
            for index in 16..<80 {
                schedule[index] = rotateLeft(
                    schedule[index - 3] ^ schedule[index - 8] ^ schedule[index - 14] ^ schedule[index - 16], 1)
            }
            var (a, b, c, d, e) = (state[0], state[1], state[2], state[3], state[4])
            for index in 0..<80 {
                let (mix, constant): (UInt32, UInt32) =
                    switch index {
                    case 0..<20: ((b & c) | (~b & d), 0x5A82_7999)
                    case 20..<40: (b ^ c ^ d, 0x6ED9_EBA1)
                    case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                    default: (b ^ c ^ d, 0xCA62_C1D6)
                    }
                let temp = rotateLeft(a, 5) &+ mix &+ e &+ constant &+ schedule[index]
                (e, d, c, b, a) = (d, c, rotateLeft(b, 30), a, temp)
            }
            state[0] = state[0] &+ a
            state[1] = state[1] &+ b
            state[2] = state[2] &+ c
            state[3] = state[3] &+ d
            state[4] = state[4] &+ e
        }
        return MessagePadding.bytes(of: state)
    }

    /// The lowercase hex digest of `message`'s UTF-8 bytes, as Nightscout compares it.
    public static func hexDigest(_ message: String) -> String {
        Hex.lowercase(digest(Array(message.utf8)))
    }

    private static func rotateLeft(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value << count) | (value >> (32 - count))
    }
}
