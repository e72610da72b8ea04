import CGMKit

/// The time-in-ranges stacked bar of the IDC AGP report: very low at the bottom to very
/// high at the top, each band labelled with its range in the chosen unit, its share and
/// the consensus goal (Battelino et al. 2019). Shares print to one decimal and add up to
/// 100.0; a band with any reading gets at least a sliver of bar.
struct TimeInRangesBar {
    let summary: GlucoseSummary
    let unit: GlucoseUnit

    static let width = 340.0, height = 200.0
    static let barLeft = 8.0, barWidth = 42.0, barTop = 6.0, barBottom = 196.0

    struct Row {
        let band: GlucoseSummary.Band
        let name: String
        let range: String
        let goal: String
        let color: String
    }

    func rows() -> [Row] {
        let mmol = unit == .millimolesPerLiter
        return [
            Row(
                band: .veryHigh, name: "Very high", range: mmol ? ">13.9" : ">250", goal: "<5 %",
                color: ReportPalette.veryHigh),
            Row(
                band: .high, name: "High", range: mmol ? "10.1–13.9" : "181–250", goal: "<25 % with very high",
                color: ReportPalette.high),
            Row(
                band: .inRange, name: "In range", range: mmol ? "3.9–10.0" : "70–180", goal: ">70 %",
                color: ReportPalette.inRange),
            Row(
                band: .low, name: "Low", range: mmol ? "3.0–3.8" : "54–69", goal: "<4 % with very low",
                color: ReportPalette.low),
            Row(
                band: .veryLow, name: "Very low", range: mmol ? "<3.0" : "<54", goal: "<1 %",
                color: ReportPalette.veryLow),
        ]
    }

    func svg() -> String {
        var svg = SVGWriter()
        svg.raw(
            ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 340 200" width="340" height="200" role="img" aria-label="Time in ranges" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">"##
                + "\n")
        let rows = rows()
        let shares = ReportFormat.tenthsSummingTo100(rows.map { summary.percentage(in: $0.band) })
        let total = Self.barBottom - Self.barTop
        // Heights: a sliver of 2 for a band with readings, the rest in proportion.
        let minimum = 2.0
        let raw = rows.map { summary.percentage(in: $0.band) / 100 * total }
        let boosted = raw.map { $0 > 0 ? max(minimum, $0) : 0 }
        let excess = boosted.reduce(0, +) - total
        let shrinkable = zip(raw, boosted).map { $0 > minimum ? $1 - minimum : 0 }.reduce(0, +)
        let heights = zip(raw, boosted).map { raw, boost -> Double in
            guard excess > 0, shrinkable > 0, raw > minimum else { return boost }
            return boost - (boost - minimum) / shrinkable * excess
        }
        var y = Self.barTop
        var centres: [Double] = []
        if summary.readingCount == 0 {
            svg.rect(
                x: Self.barLeft, y: Self.barTop, width: Self.barWidth, height: total, fill: "#f2f2f2",
                extra: [("stroke", ReportPalette.muted)])
        }
        for (row, height) in zip(rows, heights) {
            if height > 0 {
                svg.rect(
                    x: Self.barLeft, y: y, width: Self.barWidth, height: height, fill: row.color,
                    extra: [("stroke", "#ffffff"), ("stroke-width", "0.6")])
            }
            centres.append(y + height / 2)
            y += height
        }
        let placed = LabelLayout.spread(
            centres.map { $0 + 4 }, gap: 29, within: (Self.barTop + 10)...(Self.height - 16))
        let labelX = Self.barLeft + Self.barWidth + 26
        for (index, row) in rows.enumerated() {
            let labelY = placed[index]
            svg.line(
                x1: Self.barLeft + Self.barWidth + 2, y1: centres[index], x2: labelX - 4, y2: labelY - 4,
                stroke: ReportPalette.muted, width: 0.6)
            svg.text(row.name, x: labelX, y: labelY, size: 11.5, weight: "bold")
            svg.text(
                ReportFormat.fixed(shares[index], 1) + " %", x: Self.width - 4, y: labelY, size: 11.5,
                anchor: "end", weight: "bold")
            svg.text(
                row.range + " " + unit.rawValue + " · goal " + row.goal, x: labelX, y: labelY + 13, size: 9.5,
                fill: ReportPalette.muted)
        }
        svg.raw("</svg>\n")
        return svg.output
    }
}
