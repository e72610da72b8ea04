import CGMKit

/// The whole local days a CGM summary covers: a first and a last calendar day
/// (inclusive) on a clock `utcOffsetMinutes` east of UTC.
///
/// The FHIR CGM IG writes a summary's `effectivePeriod` as dates (`start` and `end`
/// inclusive, `cgm-summary` profile, examples "2024-05-01" to "2024-05-31"); the
/// metrics are computed over the instants `[start, end)` from local midnight of the
/// first day to local midnight after the last. One offset is used for both ends:
/// across a daylight-saving change the period is off by the change (one hour) at one
/// end, which Docs/Export.md records.
public struct ReportingPeriod: Sendable, Hashable, PHIRedacting {
    /// The first day, at midnight.
    public let firstDay: LocalDateTime
    /// The last day, at midnight (inclusive).
    public let lastDay: LocalDateTime
    /// Minutes east of UTC of the local calendar (−1439…1439).
    public let utcOffsetMinutes: Int

    /// The longest period accepted: 366 days (the IG's orders ask for 14 to 90).
    public static let maximumDays = 366

    /// A period of whole days; `nil` when a date is not a real day, the last day is
    /// before the first, the period is longer than ``maximumDays``, or the offset is
    /// outside −1439…1439.
    public init?(
        firstDay: (year: Int, month: Int, day: Int), lastDay: (year: Int, month: Int, day: Int),
        utcOffsetMinutes: Int = 0
    ) {
        guard
            let first = LocalDateTime(
                year: firstDay.year, month: firstDay.month, day: firstDay.day, hour: 0, minute: 0),
            let last = LocalDateTime(year: lastDay.year, month: lastDay.month, day: lastDay.day, hour: 0, minute: 0),
            (-1439...1439).contains(utcOffsetMinutes), last >= first
        else { return nil }
        let days = (last.millisecondsSince1970AsUTC - first.millisecondsSince1970AsUTC) / 86_400_000 + 1
        guard days <= Int64(Self.maximumDays) else { return nil }
        self.firstDay = first
        self.lastDay = last
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    /// Parses `YYYY-MM-DD/YYYY-MM-DD` (first and last day, inclusive); `nil` otherwise.
    public init?(text: String, utcOffsetMinutes: Int = 0) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let first = Self.day(parts[0]), let last = Self.day(parts[1]) else { return nil }
        self.init(firstDay: first, lastDay: last, utcOffsetMinutes: utcOffsetMinutes)
    }

    /// The default period: the batch's readings' span in whole local days, on the
    /// clock of the last reading that states a `utcOffset` (UTC when none does);
    /// `nil` without readings, or when the span exceeds ``maximumDays``.
    public static func covering(_ readings: [GlucoseReading]) -> ReportingPeriod? {
        guard let first = readings.min(by: { $0.time.instant < $1.time.instant }),
            let last = readings.max(by: { $0.time.instant < $1.time.instant })
        else { return nil }
        let offset = readings.last(where: { $0.time.utcOffsetMinutes != nil })?.time.utcOffsetMinutes ?? 0
        func localDay(_ instant: CGMInstant) -> (year: Int, month: Int, day: Int) {
            let local = instant.adding(milliseconds: Int64(offset) * 60_000).utcDateTime
            return (local.year, local.month, local.day)
        }
        return ReportingPeriod(
            firstDay: localDay(first.time.instant), lastDay: localDay(last.time.instant),
            utcOffsetMinutes: offset)
    }

    /// Local midnight of the first day, as a UTC instant.
    public var start: CGMInstant {
        firstDay.instant(offsetSeconds: utcOffsetMinutes * 60)
    }

    /// Local midnight after the last day, as a UTC instant (exclusive).
    public var end: CGMInstant {
        lastDay.instant(offsetSeconds: utcOffsetMinutes * 60).adding(milliseconds: 86_400_000)
    }

    /// The number of days, first and last included.
    public var dayCount: Int {
        Int((lastDay.millisecondsSince1970AsUTC - firstDay.millisecondsSince1970AsUTC) / 86_400_000) + 1
    }

    /// `2025-02-24`: a day as FHIR `date` text.
    static func dateText(_ day: LocalDateTime) -> String {
        String(day.iso8601.prefix(10))
    }

    private static func day(_ text: Substring) -> (year: Int, month: Int, day: Int)? {
        let fields = text.split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].count == 4, fields[1].count == 2, fields[2].count == 2,
            fields.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(fields[0]), let month = Int(fields[1]), let day = Int(fields[2])
        else { return nil }
        return (year, month, day)
    }
}
