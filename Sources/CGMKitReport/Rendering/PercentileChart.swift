import CGMKit

/// The AGP percentile chart: the 5–95 % and 25–75 % bands and the median of a
/// ``DailyProfile`` by local time of day, over the target band, with the y-axis and the
/// target labelled in the chosen unit. Bands and lines are clipped to the plot area.
struct PercentileChart {
    let profile: DailyProfile
    let unit: GlucoseUnit
    /// A prefix that keeps element ids unique when several charts share one page.
    let idPrefix: String

    static let width = 700.0, height = 262.0
    static let left = 58.0, right = 640.0, top = 10.0, bottom = 212.0

    /// The chart as an `<svg>` element (no XML declaration), sized by `width`/`height` attributes.
    func svg() -> String {
        var svg = SVGWriter()
        let axis = GlucoseAxis(top: Self.top, bottom: Self.bottom)
        let clip = idPrefix + "-plot"
        svg.raw(
            ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 700 262" width="700" height="262" role="img" aria-label="Ambulatory glucose profile" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">"##
                + "\n")
        svg.raw(
            "<defs><clipPath id=\"\(clip)\"><rect x=\"\(svg.f(Self.left))\" y=\"\(svg.f(Self.top))\" width=\"\(svg.f(Self.right - Self.left))\" height=\"\(svg.f(Self.bottom - Self.top))\"/></clipPath></defs>\n"
        )
        svg.rect(x: 0, y: 0, width: Self.width, height: Self.height, fill: "#ffffff")
        svg.rect(
            x: Self.left, y: axis.y(GlucoseAxis.target.upperBound), width: Self.right - Self.left,
            height: axis.y(GlucoseAxis.target.lowerBound) - axis.y(GlucoseAxis.target.upperBound),
            fill: ReportPalette.targetFill)
        for hour in stride(from: 3, to: 24, by: 3) {
            let x = self.x(minute: Double(hour * 60))
            svg.line(x1: x, y1: Self.top, x2: x, y2: Self.bottom, stroke: "#e4e4e4")
        }
        for value in [54.0, 250] {
            svg.line(
                x1: Self.left, y1: axis.y(value), x2: Self.right, y2: axis.y(value), stroke: ReportPalette.muted,
                width: 0.8, dash: "4 3")
        }
        if !profile.bins.isEmpty {
            svg.raw("<g clip-path=\"url(#\(clip))\">\n")
            svg.element(
                "polygon",
                [
                    ("points", svg.points(points(\.p95, axis) + points(\.p5, axis).reversed())),
                    ("fill", ReportPalette.outerBand),
                ], content: "<title>5–95 %</title>")
            svg.element(
                "polygon",
                [
                    ("points", svg.points(points(\.p75, axis) + points(\.p25, axis).reversed())),
                    ("fill", ReportPalette.innerBand),
                ], content: "<title>25–75 %</title>")
            svg.element(
                "polyline",
                [
                    ("points", svg.points(points(\.p50, axis))), ("fill", "none"),
                    ("stroke", ReportPalette.median), ("stroke-width", "2.5"),
                    ("stroke-linejoin", "round"),
                ], content: "<title>median</title>")
            svg.raw("</g>\n")
        }
        for value in [GlucoseAxis.target.lowerBound, GlucoseAxis.target.upperBound] {
            svg.line(
                x1: Self.left, y1: axis.y(value), x2: Self.right, y2: axis.y(value), stroke: ReportPalette.inRange,
                width: 1.5)
        }
        svg.rect(
            x: Self.left, y: Self.top, width: Self.right - Self.left, height: Self.bottom - Self.top, fill: "none",
            extra: [("stroke", ReportPalette.ink), ("stroke-width", "1")])
        // Hours along the bottom.
        for hour in stride(from: 0, through: 24, by: 3) {
            let x = self.x(minute: Double(hour * 60))
            svg.line(x1: x, y1: Self.bottom, x2: x, y2: Self.bottom + 4, stroke: ReportPalette.ink)
            svg.text(ReportFormat.hour(hour), x: x, y: Self.bottom + 16, size: 10, anchor: "middle")
        }
        // Glucose labels on the left, spread so none overlaps (3.0 and 3.9 mmol/L sit close).
        let wanted = GlucoseAxis.ticks.map { axis.y($0) + 3.5 }
        let placed = LabelLayout.spread(wanted, gap: 11.5, within: (Self.top + 4)...(Self.bottom + 3.5))
        for (value, y) in zip(GlucoseAxis.ticks, placed) {
            svg.line(x1: Self.left - 4, y1: axis.y(value), x2: Self.left, y2: axis.y(value), stroke: ReportPalette.ink)
            let isTarget = GlucoseAxis.target.lowerBound == value || GlucoseAxis.target.upperBound == value
            svg.text(
                ReportFormat.glucose(value, unit), x: Self.left - 7, y: y, size: 10, anchor: "end",
                weight: isTarget ? "bold" : nil, fill: isTarget ? "#006b4f" : ReportPalette.ink)
        }
        svg.text(
            unit.rawValue, x: 14, y: (Self.top + Self.bottom) / 2, size: 10, anchor: "middle",
            extra: [("transform", "rotate(-90 14 \(svg.f((Self.top + Self.bottom) / 2)))")])
        // The target band is named on the right, in the middle of the band.
        let middle = (axis.y(GlucoseAxis.target.upperBound) + axis.y(GlucoseAxis.target.lowerBound)) / 2
        svg.text("target", x: Self.right + 6, y: middle - 2, size: 10, fill: "#006b4f")
        svg.text("range", x: Self.right + 6, y: middle + 10, size: 10, fill: "#006b4f")
        // Legend.
        let legend: [(String, String, Bool)] = [
            (ReportPalette.outerBand, "5–95 %", false), (ReportPalette.innerBand, "25–75 %", false),
            (ReportPalette.median, "median", true),
            (ReportPalette.targetFill, "target range " + GlucoseAxis.targetText(unit), false),
        ]
        var x = Self.left
        for (fill, label, isLine) in legend {
            if isLine {
                svg.line(x1: x, y1: Self.height - 20, x2: x + 18, y2: Self.height - 20, stroke: fill, width: 2.5)
            } else {
                svg.rect(
                    x: x, y: Self.height - 26, width: 18, height: 11, fill: fill,
                    extra: fill == ReportPalette.targetFill ? [("stroke", ReportPalette.inRange)] : [])
            }
            svg.text(label, x: x + 24, y: Self.height - 16.5, size: 10)
            x += 24 + Double(label.count) * 6.2 + 22
        }
        svg.raw("</svg>\n")
        return svg.output
    }

    /// One point per bin at its middle, plus the day's two ends so the bands span 00:00–24:00.
    private func points(_ percentile: KeyPath<DailyProfile.Bin, Double>, _ axis: GlucoseAxis) -> [(Double, Double)] {
        let bins = profile.bins
        var result = bins.map { bin in
            (x(minute: Double(bin.startMinute) + Double(profile.binMinutes) / 2), axis.y(bin[keyPath: percentile]))
        }
        if let first = bins.first, let last = bins.last {
            result.insert((Self.left, axis.y(first[keyPath: percentile])), at: 0)
            result.append((Self.right, axis.y(last[keyPath: percentile])))
        }
        return result
    }

    private func x(minute: Double) -> Double {
        Self.left + minute / 1440 * (Self.right - Self.left)
    }
}
