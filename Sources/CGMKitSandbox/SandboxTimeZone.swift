import CGMKit

/// The few civil time zones the simulated users live in, with their daylight-saving
/// rules written out, so traces never depend on the machine's time-zone database.
public struct SandboxTimeZone: Sendable, Hashable {
    /// When daylight-saving time applies.
    enum Rule: Sendable, Hashable {
        /// No daylight-saving time.
        case none
        /// United States: from the second Sunday of March, 02:00 local, to the first
        /// Sunday of November, 02:00 local.
        case unitedStates
        /// European Union and United Kingdom: from the last Sunday of March, 01:00 UTC,
        /// to the last Sunday of October, 01:00 UTC.
        case europe
    }

    /// The IANA name, for display.
    public let identifier: String
    /// Minutes east of UTC outside daylight-saving time.
    public let standardOffsetMinutes: Int
    let rule: Rule

    /// America/New_York: UTC−5, −4 in summer.
    public static let newYork = SandboxTimeZone(
        identifier: "America/New_York", standardOffsetMinutes: -300, rule: .unitedStates)
    /// Europe/Berlin: UTC+1, +2 in summer.
    public static let berlin = SandboxTimeZone(identifier: "Europe/Berlin", standardOffsetMinutes: 60, rule: .europe)
    /// Europe/London: UTC, +1 in summer.
    public static let london = SandboxTimeZone(identifier: "Europe/London", standardOffsetMinutes: 0, rule: .europe)
    /// Asia/Kathmandu: UTC+5:45, no daylight-saving time.
    public static let kathmandu = SandboxTimeZone(identifier: "Asia/Kathmandu", standardOffsetMinutes: 345, rule: .none)

    /// Minutes east of UTC at `instant`.
    public func offsetMinutes(at instant: CGMInstant) -> Int {
        let year = instant.utcDateTime.year
        let seconds = instant.secondsSince1970
        switch rule {
        case .none:
            return standardOffsetMinutes
        case .unitedStates:
            // 02:00 local standard time = 02:00 − offset in UTC; the end is 02:00 local daylight time.
            let start =
                Self.utcSeconds(year: year, month: 3, day: Self.nthSunday(2, year: year, month: 3), hour: 2)
                - Int64(standardOffsetMinutes) * 60
            let end =
                Self.utcSeconds(year: year, month: 11, day: Self.nthSunday(1, year: year, month: 11), hour: 2)
                - Int64(standardOffsetMinutes + 60) * 60
            return seconds >= start && seconds < end ? standardOffsetMinutes + 60 : standardOffsetMinutes
        case .europe:
            let start = Self.utcSeconds(year: year, month: 3, day: Self.lastSunday(year: year, month: 3), hour: 1)
            let end = Self.utcSeconds(year: year, month: 10, day: Self.lastSunday(year: year, month: 10), hour: 1)
            return seconds >= start && seconds < end ? standardOffsetMinutes + 60 : standardOffsetMinutes
        }
    }

    private static func utcSeconds(year: Int, month: Int, day: Int, hour: Int) -> Int64 {
        LocalDateTime(year: year, month: month, day: day, hour: hour, minute: 0).map {
            $0.millisecondsSince1970AsUTC / 1000
        } ?? 0
    }

    /// Day of the month of the `n`th Sunday.
    private static func nthSunday(_ n: Int, year: Int, month: Int) -> Int {
        let first = weekday(year: year, month: month, day: 1)  // 0 = Sunday
        return 1 + (7 - first) % 7 + (n - 1) * 7
    }

    private static func lastSunday(year: Int, month: Int) -> Int {
        let last = month == 3 || month == 10 ? 31 : 30
        return last - weekday(year: year, month: month, day: last)
    }

    /// 0 = Sunday … 6 = Saturday.
    private static func weekday(year: Int, month: Int, day: Int) -> Int {
        let days =
            (LocalDateTime(year: year, month: month, day: day, hour: 0, minute: 0)?.millisecondsSince1970AsUTC ?? 0)
            / 86_400_000
        // 1970-01-01 was a Thursday (4).
        return Int(((days % 7) + 7 + 4) % 7)
    }
}
