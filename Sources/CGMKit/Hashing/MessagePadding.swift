/// The message padding SHA-1 and SHA-256 share (FIPS 180-4 §5.1.1), and the
/// big-endian word reads and writes around it.
enum MessagePadding {
    /// `message`, a `1` bit, zeros, and the message's length in bits as a 64-bit
    /// big-endian integer: a whole number of 64-byte blocks.
    static func padded(_ message: [UInt8]) -> [UInt8] {
        var padded = message
        padded.append(0x80)
        while padded.count % 64 != 56 { padded.append(0) }
        let bitLength = UInt64(truncatingIfNeeded: message.count) &* 8
        for shift in stride(from: 56, through: 0, by: -8) {
            padded.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        return padded
    }

    /// The 16 big-endian words of the 64-byte block at `blockStart`, into `schedule[0..<16]`.
    static func loadBlock(_ padded: [UInt8], at blockStart: Int, into schedule: inout [UInt32]) {
        for index in 0..<16 {
            let offset = blockStart + index * 4
            schedule[index] =
                UInt32(padded[offset]) << 24 | UInt32(padded[offset + 1]) << 16
                | UInt32(padded[offset + 2]) << 8 | UInt32(padded[offset + 3])
        }
    }

    /// The state words as big-endian bytes: the digest.
    static func bytes(of state: [UInt32]) -> [UInt8] {
        state.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> UInt32(24 - $0 * 8)) } }
    }
}
