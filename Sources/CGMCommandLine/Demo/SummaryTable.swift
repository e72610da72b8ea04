import CGMKit

/// The consensus summary as text: time in ranges with bars and targets, then mean,
/// variability, GMI and data sufficiency.
struct SummaryTable {
    let summary: GlucoseSummary
    let unit: GlucoseUnit
    /// What to suggest when the data do not suffice (Share serves one day only).
    var insufficientHint = "try --days 14."

    func render() -> [String] {
        let mmol = unit == .millimolesPerLiter
        let rows: [(String, String, GlucoseSummary.Band, String)] = [
            ("Very high", mmol ? "> 13.9" : "> 250", .veryHigh, "< 5 %"),
            ("High", mmol ? "10.1–13.9" : "181–250", .high, "< 25 % above"),
            ("In range", mmol ? "3.9–10.0" : "70–180", .inRange, "> 70 %"),
            ("Low", mmol ? "3.0–3.8" : "54–69", .low, "< 4 % below"),
            ("Very low", mmol ? "< 3.0" : "< 54", .veryLow, "< 1 %"),
        ]
        var lines = ["Time in ranges (\(unit.rawValue))                     target"]
        for (name, range, band, target) in rows {
            let percent = summary.percentage(in: band)
            let bar = String(repeating: "█", count: Int((percent / 100 * 30).rounded()))
            lines.append(
                "  " + TextFormat.pad(name, 10) + TextFormat.pad(range, 10, right: true) + "  "
                    + TextFormat.pad(TextFormat.fixed(percent, 1) + " %", 7, right: true) + "  "
                    + TextFormat.pad(bar, 30) + " " + target)
        }
        if let mean = summary.meanMilligramsPerDeciliter {
            var line = "Mean " + TextFormat.glucose(mean, unit) + " " + unit.rawValue
            if let sd = summary.standardDeviationMilligramsPerDeciliter {
                line += " · SD " + TextFormat.glucose(sd, unit)
            }
            if let cv = summary.coefficientOfVariation { line += " · CV " + TextFormat.fixed(cv, 1) + " % (≤ 36 %)" }
            if let gmi = summary.glucoseManagementIndicator { line += " · GMI " + TextFormat.fixed(gmi, 1) + " %" }
            lines.append(line)
        }
        var coverage =
            "Data: " + TextFormat.fixed(summary.daysCovered, 1) + " days · "
            + TextFormat.fixed(summary.percentCaptured, 1) + " % of readings captured · "
        let longest = summary.gaps.map(\.seconds).max()
        coverage +=
            summary.gaps.isEmpty
            ? "no gaps"
            : "\(summary.gaps.count) gap\(summary.gaps.count == 1 ? "" : "s"), longest "
                + TextFormat.duration(seconds: longest ?? 0)
        lines.append(coverage)
        lines.append(
            summary.isSufficient
                ? "Enough data for these figures (≥ 14 days, ≥ 70 % captured)."
                : "Consensus figures need ≥ 14 days with ≥ 70 % captured: " + insufficientHint)
        return lines
    }
}
