@_spi(AdapterSupport) import CGMKit

/// A Dexcom Share time: `Date(<ms>)` or `Date(<ms>±hhmm)`, optionally wrapped in
/// `/…/` as the pre-2021 .NET backend wrote it (`/Date(1426292016000-0700)/`).
///
/// The milliseconds are UTC; the suffix is only the publisher phone's offset (it can
/// be positive, `+0100`). Parsed by hand, totally: anything else is `nil`.
@_spi(Testing)
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
        var start = text.startIndex
        var end = text.endIndex
        func byte(_ position: Int) -> UInt8 { text.base[position] }
        if end > start, byte(start) == UInt8(ascii: "/") {
            guard end - start >= 2, byte(end - 1) == UInt8(ascii: "/") else { return nil }
            start += 1
            end -= 1
        }
        // "Date(" … ")"
        guard end - start >= 7, byte(start) == 0x44, byte(start + 1) == 0x61, byte(start + 2) == 0x74,
            byte(start + 3) == 0x65, byte(start + 4) == 0x28, byte(end - 1) == 0x29
        else { return nil }
        var cursor = start + 5
        end -= 1

        var negative = false
        if byte(cursor) == UInt8(ascii: "-") {
            negative = true
            cursor += 1
        }
        var milliseconds: Int64 = 0
        let digitsStart = cursor
        while cursor < end, byte(cursor) >= 0x30, byte(cursor) <= 0x39 {
            milliseconds = milliseconds * 10 + Int64(byte(cursor) - 0x30)
            cursor += 1
            guard cursor - digitsStart <= 15 else { return nil }
        }
        guard cursor > digitsStart else { return nil }
        if negative { milliseconds = -milliseconds }

        var offset: Int? = nil
        if cursor < end {
            let sign = byte(cursor)
            guard end - cursor == 5, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
            var hhmm = 0
            for position in 1...4 {
                let digit = byte(cursor + position)
                guard digit >= 0x30, digit <= 0x39 else { return nil }
                hhmm = hhmm * 10 + Int(digit - 0x30)
            }
            let hours = hhmm / 100
            let minutes = hhmm % 100
            guard hours <= 14, minutes <= 59 else { return nil }
            offset = (hours * 60 + minutes) * (sign == UInt8(ascii: "-") ? -1 : 1)
        }
        return ShareTimestamp(instant: CGMInstant(millisecondsSince1970: milliseconds), offsetMinutes: offset)
    }
}
