/// A wall-clock date and time with no time zone: what a device displayed.
///
/// Fields are validated on creation (no 30 February, no 24:00), so every value is a
/// real calendar moment.
public struct LocalDateTime: Sendable, Hashable, Comparable, PHIRedacting {
    /// Year, 1 through 9999.
    public let year: Int
    /// Month, 1 through 12.
    public let month: Int
    /// Day of the month, 1 through 28–31.
    public let day: Int
    /// Hour, 0 through 23.
    public let hour: Int
    /// Minute, 0 through 59.
    public let minute: Int
    /// Second, 0 through 59.
    public let second: Int
    /// Millisecond, 0 through 999.
    public let millisecond: Int

    /// Creates a wall-clock time, or `nil` when the fields name no real moment.
    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int = 0, millisecond: Int = 0) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
            (0...999).contains(millisecond)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.millisecond = millisecond
    }

    /// The UTC wall clock of an instant given in milliseconds since the epoch.
    init(millisecondsSince1970 milliseconds: Int64) {
        let perDay: Int64 = 86_400_000
        var days = milliseconds / perDay
        var remainder = milliseconds % perDay
        if remainder < 0 {
            remainder += perDay
            days -= 1
        }
        let date = CivilCalendar.date(daysSinceEpoch: Int(days))
        let millisOfDay = Int(remainder)
        self.year = date.year
        self.month = date.month
        self.day = date.day
        self.hour = millisOfDay / 3_600_000
        self.minute = millisOfDay / 60_000 % 60
        self.second = millisOfDay / 1000 % 60
        self.millisecond = millisOfDay % 1000
    }

    /// Milliseconds since 1970-01-01T00:00:00 if this wall clock were UTC.
    public var millisecondsSince1970AsUTC: Int64 {
        let days = Int64(CivilCalendar.daysSinceEpoch(year: year, month: month, day: day))
        let seconds = Int64(hour * 3600 + minute * 60 + second)
        return (days * 86_400 + seconds) * 1000 + Int64(millisecond)
    }

    /// The instant at which a clock `offsetSeconds` east of UTC shows this wall clock.
    public func instant(offsetSeconds: Int) -> CGMInstant {
        CGMInstant(millisecondsSince1970: millisecondsSince1970AsUTC - Int64(offsetSeconds) * 1000)
    }

    /// `2025-01-30T15:49:55`, with `.mmm` only when the milliseconds are non-zero.
    public var iso8601: String {
        var text = ""
        text.reserveCapacity(23)
        Self.append(year, width: 4, to: &text)
        text += "-"
        Self.append(month, width: 2, to: &text)
        text += "-"
        Self.append(day, width: 2, to: &text)
        text += "T"
        Self.append(hour, width: 2, to: &text)
        text += ":"
        Self.append(minute, width: 2, to: &text)
        text += ":"
        Self.append(second, width: 2, to: &text)
        if millisecond != 0 {
            text += "."
            Self.append(millisecond, width: 3, to: &text)
        }
        return text
    }

    private static func append(_ value: Int, width: Int, to text: inout String) {
        let digits = String(value)
        if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
        text += digits
    }

    /// Orders earlier wall clocks first.
    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        lhs.millisecondsSince1970AsUTC < rhs.millisecondsSince1970AsUTC
    }
}
