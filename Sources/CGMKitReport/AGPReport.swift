import CGMKit

/// The one-page Ambulatory Glucose Profile report in the International Diabetes Center
/// layout (Johnson ML et al., "Utilizing the Ambulatory Glucose Profile to Standardize and
/// Implement Continuous Glucose Monitoring in Clinical Practice", Diabetes Technol Ther
/// 2019;21(S2):S2-17; targets from Battelino et al., Diabetes Care 2019;42:1593–1603):
///
/// 1. header: the reporting period, its days, days of wear, % time CGM active, and whether
///    the data suffice (≥ 14 days, ≥ 70 % active);
/// 2. the time-in-ranges stacked bar with the consensus goals, and the metrics: mean, GMI,
///    CV, SD, GRI (Klonoff et al. 2023) with its zone, time in tight range;
/// 3. the AGP: median, 25–75 % and 5–95 % bands and the target band by local time of day;
/// 4. one small daily profile per local day, the last 14 days of the period.
///
/// The figures are public so a host can draw them itself; ``html()`` and
/// ``percentileChartSVG()`` render them. Output is deterministic (no clock, no locale) and
/// self-contained: no scripts, no fonts, images or styles fetched from anywhere.
///
/// ```swift
/// let report = AGPReport(readings: batch.readings, from: start, to: end, unit: .millimolesPerLiter,
///                        title: "AGP report")
/// let page = report.html()      // one A4/Letter page, inline SVG
/// ```
public struct AGPReport: Sendable, PHIRedacting {
    /// The consensus figures over the reporting period.
    public let summary: GlucoseSummary
    /// The AGP percentiles of the period's readings (30-minute bins).
    public let profile: DailyProfile
    /// The last (up to) 14 local days of the period, oldest first.
    public let days: [ReportDay]
    /// The unit every glucose figure and label is shown in.
    public let unit: GlucoseUnit
    /// The heading the host chose (for example a name or a study id; shown as given).
    public let title: String
    /// The first local day of the period.
    public let firstDay: LocalDay?
    /// The last local day of the period.
    public let lastDay: LocalDay?
    /// The period's ends on the local wall clock (milliseconds since 1970-01-01T00:00 local).
    private let localBounds: (start: Int64, end: Int64)?

    /// How many daily profiles the report shows at most.
    public static let dailyProfileLimit = 14

    /// Builds the report over the reporting period `[start, end)` (see `GlucoseSummary`
    /// for the period rule without bounds). Readings outside the period are left out.
    public init(
        readings: [GlucoseReading], from start: CGMInstant? = nil, to end: CGMInstant? = nil,
        unit: GlucoseUnit, title: String
    ) {
        let summary = GlucoseSummary(readings: readings, from: start, to: end)
        self.summary = summary
        self.unit = unit
        self.title = title
        let inPeriod = readings.filter { reading in
            reading.analysisMilligramsPerDeciliter != nil
                && summary.periodStart.map { reading.time.instant >= $0 } ?? false
                && summary.periodEnd.map { reading.time.instant < $0 } ?? false
        }
        profile = DailyProfile(readings: inPeriod)
        guard let periodStart = summary.periodStart, let periodEnd = summary.periodEnd, periodEnd > periodStart else {
            days = []
            firstDay = nil
            lastDay = nil
            localBounds = nil
            return
        }
        // The wall clock's offset from UTC at each end, from the readings nearest to it.
        let sorted = inPeriod.sorted { $0.time.instant < $1.time.instant }
        func offset(_ reading: GlucoseReading?) -> Int64 {
            guard let reading else { return 0 }
            let (difference, overflow) = LocalDay.localMilliseconds(of: reading)
                .subtractingReportingOverflow(reading.time.instant.millisecondsSince1970)
            return overflow ? 0 : difference
        }
        let localStart = periodStart.adding(milliseconds: offset(sorted.first)).millisecondsSince1970
        let localEnd = periodEnd.adding(milliseconds: offset(sorted.last)).millisecondsSince1970
        localBounds = (localStart, localEnd)
        let first = LocalDay(localMilliseconds: localStart)
        let last = LocalDay(localMilliseconds: localEnd.subtractingReportingOverflow(1).partialValue)
        firstDay = first
        lastDay = last
        let span = max(1, min(Int64(Self.dailyProfileLimit), last.dayNumber - first.dayNumber + 1))
        days = ReportDay.days(from: inPeriod, through: last, count: Int(span))
    }

    /// `3 Nov 2026 – 16 Nov 2026` for a period from local midnight to midnight, else with
    /// the local clock time at each end (`3 Nov 2026 14:00 – 17 Nov 2026 14:00`); `–` without one.
    public var periodText: String {
        guard let firstDay, let lastDay, let localBounds else { return "–" }
        let day: Int64 = 86_400_000
        // The time of day as a non-negative remainder: no multiplication that could overflow.
        let startClock = (localBounds.start % day + day) % day
        let endDay = LocalDay(localMilliseconds: localBounds.end)
        let endClock = (localBounds.end % day + day) % day
        guard startClock != 0 || endClock != 0 else {
            return ReportFormat.date(firstDay) + " – " + ReportFormat.date(lastDay)
        }
        return ReportFormat.date(firstDay) + " " + ReportFormat.clock(minutes: startClock / 60_000) + " – "
            + ReportFormat.date(endDay) + " " + ReportFormat.clock(minutes: endClock / 60_000)
    }

    /// The one-page report as a self-contained HTML document with inline SVG.
    public func html() -> String {
        ReportPage(report: self).html()
    }

    /// The AGP percentile chart alone, as a standalone SVG document with a heading
    /// (what `cgm report --format svg` and `cgm demo --svg` write).
    public func percentileChartSVG() -> String {
        var svg = SVGWriter()
        svg.raw(##"<?xml version="1.0" encoding="UTF-8"?>"## + "\n")
        svg.raw(
            ##"<svg xmlns="http://www.w3.org/2000/svg" width="700" height="318" viewBox="0 0 700 318" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">"##
                + "\n")
        svg.rect(x: 0, y: 0, width: 700, height: 318, fill: "#ffffff")
        svg.text(title, x: PercentileChart.left, y: 22, size: 15, weight: "bold")
        svg.text(subtitle, x: PercentileChart.left, y: 42, size: 11, fill: ReportPalette.muted)
        svg.raw(##"<g transform="translate(0 54)">"## + "\n")
        svg.raw(PercentileChart(profile: profile, unit: unit, idPrefix: "agp").svg())
        svg.raw("</g>\n</svg>\n")
        return svg.output
    }

    /// `3 Nov 2026 – 16 Nov 2026 · 14 days · 98.7 % active · in range 72.4 % · mean 152 mg/dL · GMI 6.9 %`.
    var subtitle: String {
        var parts = [
            periodText,
            ReportFormat.fixed(summary.daysCovered, summary.daysCovered.rounded() == summary.daysCovered ? 0 : 1)
                + " days",
            ReportFormat.fixed(summary.sensorActivePercentage, 1) + " % active",
            "in range " + ReportFormat.fixed(summary.percentage(in: .inRange), 1) + " %",
        ]
        if let mean = summary.meanMilligramsPerDeciliter {
            parts.append("mean " + ReportFormat.glucose(mean, unit) + " " + unit.rawValue)
        }
        if let gmi = summary.glucoseManagementIndicator { parts.append("GMI " + ReportFormat.fixed(gmi, 1) + " %") }
        return parts.joined(separator: " · ")
    }
}
