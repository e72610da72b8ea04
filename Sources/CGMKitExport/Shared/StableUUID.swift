/// A deterministic UUID for a name (RFC 9562 version 8, "custom"): the same name
/// always gives the same UUID, so exports are byte-stable and a resubmitted reading
/// keeps its Bundle `fullUrl` and Open mHealth header id.
///
/// The 122 free bits are two FNV-1a 64-bit hashes of the name (different offset
/// bases), each finished with SplitMix64's mixer. Not a cryptographic hash: the
/// names (record ids) are not secret, and uniqueness within one export is enforced
/// by ``UUIDAllocator``.
struct StableUUID: Hashable {
    let high: UInt64
    let low: UInt64

    init(name: String, salt: UInt64 = 0) {
        var high: UInt64 = 0xCBF2_9CE4_8422_2325 ^ salt
        var low: UInt64 = 0x8422_2325_CBF2_9CE4 ^ salt
        for byte in name.utf8 {
            high = (high ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            low = (low ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        // Version 8 in the high word, variant 10 in the low word (RFC 9562 §5.8).
        self.high = (Self.mix(high) & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_8000
        self.low = (Self.mix(low &+ 0x9E37_79B9_7F4A_7C15) & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
    }

    private static func mix(_ input: UInt64) -> UInt64 {
        var value = input
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// `xxxxxxxx-xxxx-8xxx-yxxx-xxxxxxxxxxxx`, lower-case.
    var text: String {
        var bytes = [UInt8](repeating: 0x2D, count: 36)
        var position = 0
        for (word, shiftStart) in [(high, 60), (low, 60)] {
            for shift in stride(from: shiftStart, through: 0, by: -4) {
                if position == 8 || position == 13 || position == 18 || position == 23 { position += 1 }
                bytes[position] = Self.digits[Int((word >> UInt64(shift)) & 0xF)]
                position += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Hands out stable UUIDs that are unique within one export: a name whose UUID
/// collides with an earlier one is re-hashed with a salt.
struct UUIDAllocator {
    private var used = Set<StableUUID>()

    mutating func uuid(for name: String) -> String {
        var salt: UInt64 = 0
        while true {
            let candidate = StableUUID(name: name, salt: salt)
            if used.insert(candidate).inserted { return candidate.text }
            salt &+= 1
        }
    }
}
