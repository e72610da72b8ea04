import CGMKit

/// The figures of a CGM summary, in the form the exports write them (mg/dL inside).
struct SummaryFigures: Sendable, Hashable {
    /// Readings with a value in the period.
    var readingCount: Int
    /// Readings per consensus band, in the order very low, low, in range, high, very high.
    var bandCounts: [Int]
    /// Mean glucose, mg/dL.
    var meanMilligramsPerDeciliter: Double
    /// Glucose management indicator, percent.
    var glucoseManagementIndicator: Double
    /// Coefficient of variation, percent.
    var coefficientOfVariation: Double
    /// Days of wear in the period (days holding at least one reading).
    var daysOfWear: Double
    /// Percentage of the period the sensor was active.
    var sensorActivePercentage: Double
}

/// The one place the exports read CGMKit's summary (`GlucoseSummary`): days of wear and
/// sensor active percentage are its `daysOfWear` and `sensorActivePercentage` (SPEC §11,
/// Docs/Metrics.md). `nil` when the period has no reading with a value or too few for a
/// standard deviation (the IG's summary needs CV).
func summaryFigures(of readings: [GlucoseReading], over period: ReportingPeriod) -> SummaryFigures? {
    let summary = GlucoseSummary(readings: readings, from: period.start, to: period.end)
    guard summary.readingCount > 0, let mean = summary.meanMilligramsPerDeciliter,
        let gmi = summary.glucoseManagementIndicator, let cv = summary.coefficientOfVariation
    else { return nil }
    return SummaryFigures(
        readingCount: summary.readingCount,
        bandCounts: GlucoseSummary.Band.allCases.map { summary.bandCounts[$0] ?? 0 },
        meanMilligramsPerDeciliter: mean,
        glucoseManagementIndicator: gmi,
        coefficientOfVariation: cv,
        daysOfWear: Double(summary.daysOfWear),
        sensorActivePercentage: summary.sensorActivePercentage
    )
}
