import CGMKit

/// A calendar day on the device's wall clock, and the local time of readings.
///
/// Local time is the reading's `displayTime` (what the device showed), else its instant
/// shifted by its UTC offset, else UTC: the same rule as `DailyProfile`.
public struct LocalDay: Sendable, Hashable, Comparable, PHIRedacting {
    /// Days since 1970-01-01 on the local calendar.
    public let dayNumber: Int64

    /// The day `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int64) {
        self.dayNumber = dayNumber
    }

    /// The day holding the local milliseconds `localMilliseconds` (milliseconds since
    /// 1970-01-01T00:00 on the local wall clock).
    public init(localMilliseconds: Int64) {
        let day: Int64 = 86_400_000
        let quotient = localMilliseconds / day
        dayNumber = localMilliseconds % day < 0 ? quotient - 1 : quotient
    }

    private var civil: LocalDateTime {
        let (product, overflow) = dayNumber.multipliedReportingOverflow(by: 86_400_000)
        return CGMInstant(millisecondsSince1970: overflow ? 0 : product).utcDateTime
    }

    /// The year.
    public var year: Int { civil.year }
    /// The month, 1–12.
    public var month: Int { civil.month }
    /// The day of the month, 1–31.
    public var day: Int { civil.day }
    /// The weekday, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday).
    public var weekday: Int { Int(((dayNumber % 7) + 7 + 4) % 7) }

    /// Orders earlier days first.
    public static func < (lhs: LocalDay, rhs: LocalDay) -> Bool { lhs.dayNumber < rhs.dayNumber }

    /// Milliseconds since 1970-01-01T00:00 on the reading's local wall clock.
    public static func localMilliseconds(of reading: GlucoseReading) -> Int64 {
        if let wall = reading.time.displayTime { return wall.millisecondsSince1970AsUTC }
        let offset = Int64(reading.time.utcOffsetMinutes ?? 0) * 60_000
        return reading.time.instant.adding(milliseconds: offset).millisecondsSince1970
    }
}
