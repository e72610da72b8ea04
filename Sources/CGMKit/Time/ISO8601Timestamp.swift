/// A vendor ISO 8601 timestamp, parsed by hand: the wall clock as written and the
/// UTC offset when one was stated.
///
/// Accepted shapes (everything Dexcom v3 is known to send, see Docs/Schema.md):
/// `YYYY-MM-DDTHH:MM[:SS[.fraction]]` followed by nothing, `Z`, `±hh:mm`,
/// `±hh:mm:ss`, `±hhmm` or `±hh`. `T` may also be `t` or a space and `Z` may be `z`.
/// Fractions of any length are truncated to the millisecond. Impossible dates and
/// times (`2021-02-30`, `24:00`, `23:59:60`) are rejected. No Foundation formatter
/// is involved, so the result never depends on the machine's time zone or locale.
public struct ISO8601Timestamp: Sendable, Hashable, PHIRedacting {
    /// The wall clock as written, offset dropped, truncated to the millisecond.
    public let dateTime: LocalDateTime
    /// The stated offset east of UTC in seconds; `nil` when the text had no zone.
    /// `Z` is 0.
    public let offsetSeconds: Int?

    /// Creates a timestamp from its parts.
    public init(dateTime: LocalDateTime, offsetSeconds: Int?) {
        self.dateTime = dateTime
        self.offsetSeconds = offsetSeconds
    }

    /// Parses `text`, or returns `nil` when it is not an accepted timestamp.
    public init?(_ text: String) {
        var text = text
        let parsed = text.withUTF8 { Self.parse($0) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses UTF-8 bytes in place (a fast path's view into a payload), or returns
    /// `nil`; the same rules as ``init(_:)``.
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard let parsed = Self.parse(bytes) else { return nil }
        self = parsed
    }

    /// The instant, reading a zone-less timestamp as UTC.
    public var instantAssumingUTC: CGMInstant {
        dateTime.instant(offsetSeconds: offsetSeconds ?? 0)
    }

    /// The stated offset in minutes, rounded to the nearest minute, half away from
    /// zero (`-06:59:59` → -420, `-06:59:30` → -420); `nil` when none was stated.
    public var offsetMinutesRounded: Int? {
        guard let offsetSeconds else { return nil }
        let magnitude = (abs(offsetSeconds) + 30) / 60
        return offsetSeconds < 0 ? -magnitude : magnitude
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ISO8601Timestamp? {
        var cursor = 0
        func digits(_ count: Int) -> Int? {
            guard bytes.count - cursor >= count else { return nil }
            var value = 0
            for _ in 0..<count {
                let byte = bytes[cursor]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
                cursor += 1
            }
            return value
        }
        func consume(_ byte: UInt8) -> Bool {
            guard cursor < bytes.count, bytes[cursor] == byte else { return false }
            cursor += 1
            return true
        }

        guard let year = digits(4), consume(0x2D), let month = digits(2), consume(0x2D),
            let day = digits(2)
        else { return nil }
        guard cursor < bytes.count, [0x54, 0x74, 0x20].contains(bytes[cursor]) else { return nil }  // T t space
        cursor += 1
        guard let hour = digits(2), consume(0x3A), let minute = digits(2) else { return nil }
        var second = 0
        var millisecond = 0
        if consume(0x3A) {
            guard let parsedSecond = digits(2) else { return nil }
            second = parsedSecond
            if consume(0x2E) {  // .
                var fractionDigits = 0
                while cursor < bytes.count, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39 {
                    if fractionDigits < 3 { millisecond = millisecond * 10 + Int(bytes[cursor] - 0x30) }
                    fractionDigits += 1
                    cursor += 1
                }
                guard fractionDigits > 0 else { return nil }
                for _ in fractionDigits..<max(fractionDigits, 3) { millisecond *= 10 }
            }
        }
        var offsetSeconds: Int? = nil
        if cursor < bytes.count {
            switch bytes[cursor] {
            case 0x5A, 0x7A:  // Z z
                cursor += 1
                offsetSeconds = 0
            case 0x2B, 0x2D:  // + -
                let sign = bytes[cursor] == 0x2D ? -1 : 1
                cursor += 1
                guard let offsetHours = digits(2), offsetHours <= 23 else { return nil }
                var offsetMinutes = 0
                var offsetSecondsPart = 0
                if consume(0x3A) {
                    guard let minutesPart = digits(2), minutesPart <= 59 else { return nil }
                    offsetMinutes = minutesPart
                    if consume(0x3A) {
                        guard let secondsPart = digits(2), secondsPart <= 59 else { return nil }
                        offsetSecondsPart = secondsPart
                    }
                } else if cursor < bytes.count {
                    guard let minutesPart = digits(2), minutesPart <= 59 else { return nil }
                    offsetMinutes = minutesPart
                }
                offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60 + offsetSecondsPart)
            default:
                return nil
            }
        }
        guard cursor == bytes.count else { return nil }
        guard
            let dateTime = LocalDateTime(
                year: year, month: month, day: day, hour: hour, minute: minute,
                second: second, millisecond: millisecond)
        else { return nil }
        return ISO8601Timestamp(dateTime: dateTime, offsetSeconds: offsetSeconds)
    }
}
