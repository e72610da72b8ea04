import CGMKit

/// One small glucose trace per local day (the IDC AGP's "daily glucose profiles"): seven
/// columns (24 + 7 × 90 + 6 × 7 = 696 of 700 units wide), each panel 00:00–24:00 over the target band, the line broken where readings
/// are more than 15 minutes apart, clipped to the panel; the day's date and time in range
/// as text under it.
struct DailyProfilesGrid {
    let days: [ReportDay]
    let unit: GlucoseUnit
    let idPrefix: String

    static let width = 700.0, columns = 7
    static let panelWidth = 90.0, panelHeight = 54.0, columnGap = 7.0, rowHeight = 84.0, left = 24.0

    var height: Double {
        let rows = max(1, (days.count + Self.columns - 1) / Self.columns)
        return Double(rows) * Self.rowHeight + 14
    }

    func svg() -> String {
        var svg = SVGWriter()
        let height = height
        svg.raw(
            ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 700 \##(svg.f(height))" width="700" height="\##(svg.f(height))" role="img" aria-label="Daily glucose profiles" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">"##
                + "\n")
        for (index, day) in days.enumerated() {
            let column = index % Self.columns
            let row = index / Self.columns
            let x = Self.left + Double(column) * (Self.panelWidth + Self.columnGap)
            let top = 14 + Double(row) * Self.rowHeight
            panel(&svg, day: day, index: index, x: x, top: top)
        }
        // Scale note on the left: the target lines' values, in the unit.
        let axis = GlucoseAxis(top: 14, bottom: 14 + Self.panelHeight)
        for value in [GlucoseAxis.target.lowerBound, GlucoseAxis.target.upperBound] {
            svg.text(
                ReportFormat.glucose(value, unit), x: Self.left - 3, y: axis.y(value) + 3, size: 8, anchor: "end",
                fill: "#006b4f")
        }
        svg.text(
            "00:00 · 12:00 · 24:00 local time; band " + GlucoseAxis.targetText(unit), x: Self.left, y: 9, size: 8.5,
            fill: ReportPalette.muted)
        svg.raw("</svg>\n")
        return svg.output
    }

    private func panel(_ svg: inout SVGWriter, day: ReportDay, index: Int, x: Double, top: Double) {
        let bottom = top + Self.panelHeight
        let axis = GlucoseAxis(top: top, bottom: bottom)
        let clip = "\(idPrefix)-day\(index)"
        svg.raw(
            "<defs><clipPath id=\"\(clip)\"><rect x=\"\(svg.f(x))\" y=\"\(svg.f(top))\" width=\"\(svg.f(Self.panelWidth))\" height=\"\(svg.f(Self.panelHeight))\"/></clipPath></defs>\n"
        )
        svg.rect(
            x: x, y: axis.y(GlucoseAxis.target.upperBound), width: Self.panelWidth,
            height: axis.y(GlucoseAxis.target.lowerBound) - axis.y(GlucoseAxis.target.upperBound),
            fill: ReportPalette.targetFill)
        svg.line(
            x1: x + Self.panelWidth / 2, y1: top, x2: x + Self.panelWidth / 2, y2: bottom, stroke: "#e4e4e4", width: 0.6
        )
        svg.raw("<g clip-path=\"url(#\(clip))\">\n")
        for segment in day.segments where !segment.isEmpty {
            let points = segment.map { (x + $0.minute / 1440 * Self.panelWidth, axis.y($0.milligramsPerDeciliter)) }
            if points.count == 1, let only = points.first {
                svg.element(
                    "circle",
                    [("cx", svg.f(only.0)), ("cy", svg.f(only.1)), ("r", "1"), ("fill", ReportPalette.median)])
            } else {
                svg.element(
                    "polyline",
                    [
                        ("points", svg.points(points)), ("fill", "none"), ("stroke", ReportPalette.median),
                        ("stroke-width", "1"), ("stroke-linejoin", "round"),
                    ])
            }
        }
        svg.raw("</g>\n")
        svg.rect(
            x: x, y: top, width: Self.panelWidth, height: Self.panelHeight, fill: "none",
            extra: [("stroke", "#888888"), ("stroke-width", "0.7")])
        svg.text(ReportFormat.shortDate(day.day), x: x + 2, y: bottom + 12, size: 9.5, weight: "bold")
        let detail =
            day.summary.readingCount == 0
            ? "no data"
            : "in range " + ReportFormat.fixed(day.summary.percentage(in: .inRange), 0) + " %"
        svg.text(detail, x: x + 2, y: bottom + 24, size: 8.5, fill: ReportPalette.muted)
    }
}
