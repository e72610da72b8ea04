/// A deterministic UUID for a name (RFC 9562 version 8, "custom"): the same name
/// always gives the same UUID, so exports are byte-stable and a resubmitted reading
/// keeps its Bundle `fullUrl` and Open mHealth header id.
///
/// The 122 free bits are two FNV-1a 64-bit hashes of the name (different offset
/// bases), each finished with SplitMix64's mixer. Not a cryptographic hash: the
/// names (record ids) are not secret, and uniqueness within one export is checked
/// by the caller.
enum StableUUID {
    static func uuid(for name: String, salt: UInt64 = 0) -> String {
        var high: UInt64 = 0xCBF2_9CE4_8422_2325 ^ salt
        var low: UInt64 = 0x8422_2325_CBF2_9CE4 ^ salt
        for byte in name.utf8 {
            high = (high ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            low = (low ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        high = mix(high)
        low = mix(low &+ 0x9E37_79B9_7F4A_7C15)
        high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_8000  // version 8
        low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000    // variant 10
        let hex = hex16(high) + hex16(low)
        let characters = Array(hex)
        return String(characters[0..<8]) + "-" + String(characters[8..<12]) + "-" + String(characters[12..<16]) + "-"
            + String(characters[16..<20]) + "-" + String(characters[20..<32])
    }

    private static func mix(_ input: UInt64) -> UInt64 {
        var value = input
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    private static let digits = Array("0123456789abcdef")

    private static func hex16(_ value: UInt64) -> String {
        var text = ""
        text.reserveCapacity(16)
        for shift in stride(from: 60, through: 0, by: -4) {
            text.append(digits[Int((value >> UInt64(shift)) & 0xF)])
        }
        return text
    }
}

/// Hands out stable UUIDs that are unique within one export: a name that collides
/// with an earlier one is re-hashed with a salt.
struct UUIDAllocator {
    private var used = Set<String>()

    mutating func uuid(for name: String) -> String {
        var salt: UInt64 = 0
        while true {
            let candidate = StableUUID.uuid(for: name, salt: salt)
            if used.insert(candidate).inserted { return candidate }
            salt &+= 1
        }
    }
}
