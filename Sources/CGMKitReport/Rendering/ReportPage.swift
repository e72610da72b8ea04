import CGMKit

/// The AGP report as one HTML page: XHTML-compatible markup (parses as XML), inline CSS
/// and SVG, no scripts and no external references. Sized to print on one A4 or US Letter
/// page (content 186 × 250 mm inside 10 mm margins).
struct ReportPage {
    let report: AGPReport

    func html() -> String {
        let summary = report.summary
        let unit = report.unit
        var page = """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(SVGWriter.escape(report.title))</title>
            <style>
            @page { margin: 10mm; }
            html, body { margin: 0; padding: 0; background: #ffffff; }
            body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222222; font-size: 9.5pt; }
            .page { width: 186mm; margin: 0 auto; padding: 4mm 0 0 0; }
            h1 { font-size: 15pt; margin: 0 0 1mm 0; }
            h2 { font-size: 10.5pt; margin: 0 0 1.5mm 0; border-bottom: 0.4mm solid #08306B; padding-bottom: 0.6mm; }
            p { margin: 0 0 1.5mm 0; }
            .sub { color: #555555; }
            section { margin-top: 3mm; break-inside: avoid; page-break-inside: avoid; }
            .row { display: flex; gap: 6mm; }
            .row > div { flex: 1 1 0; }
            table { border-collapse: collapse; width: 100%; }
            td, th { text-align: left; padding: 0.7mm 1mm; border-bottom: 0.2mm solid #dddddd; vertical-align: top; }
            th { font-weight: normal; color: #555555; }
            td.value { font-weight: bold; white-space: nowrap; }
            .goal { color: #555555; font-size: 8.5pt; }
            .ok { color: #006b4f; font-weight: bold; }
            .insufficient { color: #882255; font-weight: bold; }
            svg { display: block; width: 100%; height: auto; }
            footer { margin-top: 2.5mm; color: #555555; font-size: 7.5pt; }
            </style>
            </head>
            <body>
            <main class="page">

            """
        page += "<header>\n<h1>AGP report: continuous glucose monitoring</h1>\n"
        page += "<p class=\"sub\">" + SVGWriter.escape(report.title) + "</p>\n"
        page += "<table>\n<tr>"
        page += "<th>Period</th><td class=\"value\">" + SVGWriter.escape(report.periodText) + "</td>"
        page +=
            "<th>Days</th><td class=\"value\">"
            + ReportFormat.fixed(summary.daysCovered, whole(summary.daysCovered) ? 0 : 1)
            + " (worn " + String(summary.daysOfWear) + ")</td>"
        page +=
            "<th>Time CGM active</th><td class=\"value\">" + ReportFormat.fixed(summary.sensorActivePercentage, 1)
            + " %</td>"
        page += "</tr>\n</table>\n"
        page +=
            summary.isSufficient
            ? "<p class=\"ok\">Sufficient data: at least 14 days with the sensor active at least 70 % of the time.</p>\n"
            : "<p class=\"insufficient\">Not sufficient for the consensus metrics: they need at least 14 days with the sensor active at least 70 % of the time.</p>\n"
        page += "</header>\n"

        page += "<section class=\"row\">\n<div>\n<h2>Time in ranges</h2>\n"
        page += TimeInRangesBar(summary: summary, unit: unit).svg()
        page += "</div>\n<div>\n<h2>Glucose metrics</h2>\n<table>\n"
        for (name, value, goal) in metricRows() {
            page +=
                "<tr><th>" + SVGWriter.escape(name) + "</th><td class=\"value\">" + SVGWriter.escape(value)
                + "</td><td class=\"goal\">" + SVGWriter.escape(goal) + "</td></tr>\n"
        }
        page += "</table>\n</div>\n</section>\n"

        page += "<section>\n<h2>Ambulatory glucose profile (AGP)</h2>\n"
        page +=
            "<p class=\"sub\">Every day of the period folded onto one day by local time: median, middle 50 % and 90 % of readings.</p>\n"
        page += PercentileChart(profile: report.profile, unit: unit, idPrefix: "agp").svg()
        page += "</section>\n"

        page += "<section>\n<h2>Daily glucose profiles</h2>\n"
        if report.days.isEmpty {
            page += "<p class=\"sub\">No readings in the period.</p>\n"
        } else {
            page += DailyProfilesGrid(days: report.days, unit: unit, idPrefix: "daily").svg()
        }
        page += "</section>\n"
        let tight =
            ReportFormat.glucose(GlucoseSummary.tightRange.lowerBound, unit) + "–"
            + ReportFormat.glucose(GlucoseSummary.tightRange.upperBound, unit) + " " + unit.rawValue
        page +=
            "<footer>Targets for most adults with type 1 or type 2 diabetes (International Consensus on Time in Range, "
            + "Battelino et al., Diabetes Care 2019). GMI: Bergenstal et al., Diabetes Care 2018. GRI: Klonoff et al., "
            + "J Diabetes Sci Technol 2023. Time in tight range " + tight
            + ": Dunn et al., Diabetes Technol Ther 2024. "
            + "Layout after the International Diabetes Center AGP report. LOW and HIGH sensor readings count at "
            + ReportFormat.glucose(40, unit) + " and " + ReportFormat.glucose(400, unit) + " " + unit.rawValue
            + ". Generated by CGMKit.</footer>\n</main>\n</body>\n</html>\n"
        return page
    }

    private func whole(_ value: Double) -> Bool { value.rounded() == value }

    private func metricRows() -> [(String, String, String)] {
        let summary = report.summary
        let unit = report.unit
        var rows: [(String, String, String)] = []
        let glucose = { (value: Double?) in value.map { ReportFormat.glucose($0, unit) + " " + unit.rawValue } ?? "–" }
        rows.append(("Mean glucose", glucose(summary.meanMilligramsPerDeciliter), ""))
        rows.append(
            (
                "Glucose management indicator (GMI)",
                summary.glucoseManagementIndicator.map { ReportFormat.fixed($0, 1) + " %" } ?? "–", ""
            ))
        rows.append(
            (
                "Glucose variability (CV)",
                summary.coefficientOfVariation.map { ReportFormat.fixed($0, 1) + " %" } ?? "–", "goal ≤36 %"
            ))
        rows.append(("Standard deviation", glucose(summary.standardDeviationMilligramsPerDeciliter), ""))
        if let gri = summary.glycemiaRiskIndex {
            rows.append(
                (
                    "Glycemia risk index (GRI)", ReportFormat.fixed(gri.value, 1) + " · zone " + gri.zone.rawValue,
                    "hypo " + ReportFormat.fixed(gri.hypoglycemiaComponent, 1) + " · hyper "
                        + ReportFormat.fixed(gri.hyperglycemiaComponent, 1)
                ))
        } else {
            rows.append(("Glycemia risk index (GRI)", "–", ""))
        }
        let tight =
            ReportFormat.glucose(GlucoseSummary.tightRange.lowerBound, unit) + "–"
            + ReportFormat.glucose(GlucoseSummary.tightRange.upperBound, unit) + " " + unit.rawValue
        rows.append(("Time in tight range", ReportFormat.fixed(summary.percentageInTightRange, 1) + " %", tight))
        rows.append(("Readings", String(summary.readingCount), ""))
        return rows
    }
}
