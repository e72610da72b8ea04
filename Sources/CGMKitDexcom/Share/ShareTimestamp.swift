import CGMKit

/// A Dexcom Share time: `Date(<ms>)` or `Date(<ms>±hhmm)`, optionally wrapped in
/// `/…/` as the pre-2021 .NET backend wrote it (`/Date(1426292016000-0700)/`).
///
/// The milliseconds are UTC; the suffix is only the publisher phone's offset (it can
/// be positive, `+0100`). Parsed by hand, totally: anything else is `nil`.
public struct ShareTimestamp: Sendable, Hashable, PHIRedacting {
    /// The UTC instant.
    public let instant: CGMInstant
    /// The phone's offset east of UTC in minutes, when the text had a suffix.
    public let offsetMinutes: Int?

    /// Parses `text`, or returns `nil`. Accepts an optional `-` on the milliseconds,
    /// at most 15 digits, and an offset of at most ±14:59.
    public init?(_ text: String) {
        var text = text
        guard let parsed = text.withUTF8({ Self.parse($0[...]) }) else { return nil }
        self = parsed
    }

    /// Parses UTF-8 bytes in place; the same rules as ``init(_:)``.
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard let parsed = Self.parse(bytes[...]) else { return nil }
        self = parsed
    }

    private init(instant: CGMInstant, offsetMinutes: Int?) {
        self.instant = instant
        self.offsetMinutes = offsetMinutes
    }

    private static func parse(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> ShareTimestamp? {
        var bytes = text
        if bytes.first == UInt8(ascii: "/") {
            guard bytes.last == UInt8(ascii: "/"), bytes.count >= 2 else { return nil }
            bytes = bytes.dropFirst().dropLast()
        }
        let prefix: [UInt8] = [0x44, 0x61, 0x74, 0x65, 0x28]  // "Date("
        guard bytes.starts(with: prefix), bytes.last == UInt8(ascii: ")") else { return nil }
        bytes = bytes.dropFirst(5).dropLast()

        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        let digits = bytes.prefix { (0x30...0x39).contains($0) }
        guard (1...15).contains(digits.count) else { return nil }
        var milliseconds: Int64 = 0
        for digit in digits { milliseconds = milliseconds * 10 + Int64(digit - 0x30) }
        if negative { milliseconds = -milliseconds }
        bytes = bytes.dropFirst(digits.count)

        var offset: Int? = nil
        if !bytes.isEmpty {
            guard bytes.count == 5, let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
                  bytes.dropFirst().allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            var values = (0, 0, 0, 0)
            var position = bytes.startIndex + 1
            values.0 = Int(bytes[position] - 0x30); position += 1
            values.1 = Int(bytes[position] - 0x30); position += 1
            values.2 = Int(bytes[position] - 0x30); position += 1
            values.3 = Int(bytes[position] - 0x30)
            let hours = values.0 * 10 + values.1
            let minutes = values.2 * 10 + values.3
            guard hours <= 14, minutes <= 59 else { return nil }
            offset = (hours * 60 + minutes) * (sign == UInt8(ascii: "-") ? -1 : 1)
        }
        return ShareTimestamp(instant: CGMInstant(millisecondsSince1970: milliseconds), offsetMinutes: offset)
    }
}
