@_spi(AdapterSupport) import CGMKit

/// The encodings OAuth needs: base64url without padding (RFC 4648 §5) for `state`
/// and PKCE, and `application/x-www-form-urlencoded` bodies for the token endpoint.
enum OAuthEncoding {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Base64url text of `bytes`, without `=` padding.
    static func base64URL(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 2 < bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            output += [
                alphabet[Int(chunk >> 18 & 63)], alphabet[Int(chunk >> 12 & 63)],
                alphabet[Int(chunk >> 6 & 63)], alphabet[Int(chunk & 63)],
            ]
            index += 3
        }
        let remaining = bytes.count - index
        if remaining == 1 {
            let chunk = UInt32(bytes[index]) << 16
            output += [alphabet[Int(chunk >> 18 & 63)], alphabet[Int(chunk >> 12 & 63)]]
        } else if remaining == 2 {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            output += [
                alphabet[Int(chunk >> 18 & 63)], alphabet[Int(chunk >> 12 & 63)], alphabet[Int(chunk >> 6 & 63)],
            ]
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// A form body: `name=value` pairs joined by `&`, every byte outside the RFC 3986
    /// unreserved set percent-encoded (so `+`, `&`, `=` and spaces in secrets survive).
    static func formBody(_ fields: [(String, String)]) -> [UInt8] {
        Array(fields.map { percentEncoded($0.0) + "=" + percentEncoded($0.1) }.joined(separator: "&").utf8)
    }

    /// `text` with every byte outside `A-Z a-z 0-9 - . _ ~` written as `%XX`.
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        for byte in text.utf8 {
            if isUnreserved(byte) {
                output.append(byte)
            } else {
                output += [0x25, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether `byte` is in RFC 3986's unreserved set.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
            || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
    }

    /// Compares two secrets in time that depends only on their lengths.
    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}

/// Proof Key for Code Exchange (RFC 7636), S256 only: `plain` is never sent.
enum PKCE {
    /// A verifier: 32 random bytes as 43 base64url characters (RFC 7636 §7.1).
    static func makeVerifier(random: any CGMRandomSource) -> String {
        OAuthEncoding.base64URL(random.bytes(count: 32))
    }

    /// The S256 challenge: base64url(SHA-256(ASCII(verifier))).
    static func challenge(for verifier: String) -> String {
        OAuthEncoding.base64URL(SHA256.digest(Array(verifier.utf8)))
    }
}
