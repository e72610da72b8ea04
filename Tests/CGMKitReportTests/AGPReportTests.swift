import CGMKit
import CGMKitReport
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Collects elements and their attributes and text while parsing.
private final class Collector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var texts: [String] = []
    private var text = ""
    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        elements.append((elementName, attributes))
        text = ""
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if elementName == "text" { texts.append(text) }
        text = ""
    }
}

private func parse(_ text: String) -> (Bool, Collector) {
    // XMLParser does not read the HTML doctype's missing system id; the rest must be well formed.
    let body = text.replacingOccurrences(of: "<!DOCTYPE html>\n", with: "")
    let parser = XMLParser(data: Data(body.utf8))
    let collector = Collector()
    parser.delegate = collector
    return (parser.parse(), collector)
}

/// 14 days from local midnight (UTC+1, wall clock given), one reading every 5 minutes, with a
/// daily rise to 260 mg/dL after 18:00 and a dip to 50 mg/dL at 03:00.
private func fortnight() -> (readings: [GlucoseReading], start: CGMInstant, end: CGMInstant) {
    let start = CGMInstant(millisecondsSince1970: 1_793_487_600_000)  // 2026-10-31T23:00Z = 1 Nov 00:00 at UTC+1
    var readings: [GlucoseReading] = []
    for index in 0..<(14 * 288) {
        let instant = start.adding(milliseconds: Int64(index) * 300_000)
        let minute = (index * 5) % 1440
        let value: Double = minute >= 1080 && minute < 1200 ? 260 : minute >= 180 && minute < 200 ? 50 : 120
        let wall = instant.adding(milliseconds: 3_600_000).utcDateTime
        readings.append(
            GlucoseReading(
                id: RecordID(rawValue: "r:\(index)"), provider: "t",
                time: RecordTime(instant: instant, displayTime: wall, utcOffsetMinutes: 60),
                glucose: GlucoseValue(milligramsPerDeciliter: value), status: .ok, trend: .flat))
    }
    return (readings, start, start.adding(milliseconds: 14 * 86_400_000))
}

@Suite("AGP report (HTML with inline SVG)")
struct AGPReportTests {
    @Test("The page parses as XML, has no script and no external reference", arguments: GlucoseUnit.allCases)
    func selfContained(unit: GlucoseUnit) {
        let data = fortnight()
        let html = AGPReport(readings: data.readings, from: data.start, to: data.end, unit: unit, title: "Test <&>")
            .html()
        let (ok, collector) = parse(html)
        #expect(ok)
        let names = collector.elements.map(\.name)
        #expect(names.first == "html")
        #expect(
            !names.contains("script") && !names.contains("link") && !names.contains("img") && !names.contains("iframe"))
        for (_, attributes) in collector.elements {
            for (key, value) in attributes
            where ["src", "href", "xlink:href", "action", "data"].contains(key.lowercased()) {
                #expect(!value.lowercased().hasPrefix("http"), "external reference in \(key)")
                #expect(!value.contains("//"))
            }
            #expect(!attributes.keys.contains { $0.lowercased().hasPrefix("on") }, "event handler attribute")
        }
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("url(http") && !html.contains("@import"))
        #expect(html.contains("Test &lt;&amp;&gt;"))
        #expect(names.filter { $0 == "svg" }.count == 3)
    }

    @Test("Header: period, days, days of wear, % active and sufficiency for 14 full days")
    func header() {
        let data = fortnight()
        let report = AGPReport(
            readings: data.readings, from: data.start, to: data.end, unit: .milligramsPerDeciliter,
            title: "t")
        #expect(report.periodText == "1 Nov 2026 – 14 Nov 2026")
        #expect(report.summary.daysCovered == 14)
        #expect(report.summary.isSufficient)
        let html = report.html()
        #expect(html.contains("14 Nov 2026") && html.contains("14 (worn 14)") && html.contains("100.0 %"))
        #expect(html.contains("Sufficient data"))
        #expect(report.days.count == 14)
        #expect(report.days.first?.day.day == 1 && report.days.last?.day.day == 14)
    }

    @Test("Axis and target labels are in the chosen unit; the mmol/L chart never says mg/dL targets")
    func units() {
        let data = fortnight()
        let mmol = AGPReport(
            readings: data.readings, from: data.start, to: data.end, unit: .millimolesPerLiter, title: "t")
        let (_, chart) = parse(mmol.percentileChartSVG())
        #expect(
            chart.texts.contains("3.9") && chart.texts.contains("10.0") && chart.texts.contains("3.0")
                && chart.texts.contains("13.9"))
        #expect(chart.texts.contains("target range 3.9–10.0 mmol/L"))
        #expect(!chart.texts.contains { $0.contains("mg/dL") })
        #expect(!mmol.html().contains("70–180 mg/dL"))
        let mg = AGPReport(
            readings: data.readings, from: data.start, to: data.end, unit: .milligramsPerDeciliter, title: "t")
        let (_, mgChart) = parse(mg.percentileChartSVG())
        #expect(mgChart.texts.contains("target range 70–180 mg/dL"))
        #expect(mgChart.texts.contains("54") && mgChart.texts.contains("70") && mgChart.texts.contains("180"))
    }

    @Test("No two y-axis labels overlap (10-unit font)", arguments: GlucoseUnit.allCases)
    func labelsApart(unit: GlucoseUnit) throws {
        let data = fortnight()
        let (_, chart) = parse(
            AGPReport(readings: data.readings, from: data.start, to: data.end, unit: unit, title: "t")
                .percentileChartSVG())
        let axisLabels = chart.elements.filter { $0.name == "text" && $0.attributes["text-anchor"] == "end" }
        let ys = try axisLabels.map { try #require(Double($0.attributes["y"] ?? "")) }.sorted()
        #expect(ys.count == 5)
        for (upper, lower) in zip(ys, ys.dropFirst()) { #expect(lower - upper >= 10) }
    }

    @Test("Bands and lines stay inside the plot area, and are clipped to it")
    func clipped() throws {
        let data = fortnight()
        var readings = data.readings
        for index in stride(from: 0, to: readings.count, by: 3) {
            readings[index].status = .aboveRange
            readings[index].glucose = GlucoseValue(milligramsPerDeciliter: 400)
        }
        let (_, chart) = parse(
            AGPReport(
                readings: readings, from: data.start, to: data.end, unit: .milligramsPerDeciliter,
                title: "t"
            ).percentileChartSVG())
        let shapes = chart.elements.filter { $0.name == "polygon" || $0.name == "polyline" }
        #expect(shapes.count == 3)
        for shape in shapes {
            for pair in (shape.attributes["points"] ?? "").split(separator: " ") {
                let parts = pair.split(separator: ",").compactMap { Double($0) }
                #expect(parts.count == 2)
                #expect((10.0...212.0).contains(parts[1]))
                #expect((58.0...640.0).contains(parts[0]))
            }
        }
        #expect(chart.elements.contains { $0.name == "g" && $0.attributes["clip-path"] == "url(#agp-plot)" })
    }

    @Test("Time-in-ranges shares add up to 100.0 and are text")
    func timeInRanges() {
        let data = fortnight()
        let (_, page) = parse(
            AGPReport(
                readings: data.readings, from: data.start, to: data.end,
                unit: .milligramsPerDeciliter, title: "t"
            ).html())
        // Per day: 24 of 288 readings at 260 (very high), 4 at 50 (very low), the rest in range.
        #expect(page.texts.contains("8.3 %") && page.texts.contains("1.4 %") && page.texts.contains("90.3 %"))
        let shares = page.texts.filter { $0.hasSuffix(" %") && !$0.contains("in range") }.compactMap {
            Double($0.dropLast(2))
        }
        #expect(shares.count == 5)
        #expect(abs(shares.reduce(0, +) - 100) < 1e-9)
    }

    @Test("A report's description, dump and mirror show no title, values or dates")
    func redacted() {
        let data = fortnight()
        let report = AGPReport(
            readings: data.readings, from: data.start, to: data.end, unit: .milligramsPerDeciliter,
            title: "CANARY-Jane-Doe")
        var dumped = ""
        dump(report, to: &dumped)
        for text in [
            String(describing: report), String(reflecting: report), dumped,
            String(describing: report.days.first as Any), String(describing: report.lastDay as Any),
        ] {
            #expect(!text.contains("CANARY") && !text.contains("2026") && !text.contains("120"))
        }
    }

    @Test("No readings: a report that says so, not sufficient, no trap")
    func empty() {
        let report = AGPReport(readings: [], unit: .milligramsPerDeciliter, title: "t")
        let html = report.html()
        #expect(parse(html).0)
        #expect(html.contains("Not sufficient"))
        #expect(html.contains("No readings in the period."))
        #expect(report.periodText == "–")
        #expect(parse(report.percentileChartSVG()).0)
    }
}

/// The report over untrusted bounds: never an overflow trap.
@Suite("AGP report at the edges of time")
struct AGPReportExtremeBoundsTests {
    @Test("extreme host bounds render a report", arguments: [Int64.min, Int64.min + 1, -1, 0, Int64.max])
    func extremeBounds(start: Int64) {
        let (readings, _, end) = fortnight()
        let report = AGPReport(
            readings: readings, from: CGMInstant(millisecondsSince1970: start), to: end,
            unit: .milligramsPerDeciliter, title: "edges")
        #expect(report.html().hasPrefix("<!DOCTYPE html>") || report.html().hasPrefix("<!doctype html>"))
    }
}

/// A host's title is untrusted text: the page stays well-formed XML whatever it holds.
@Suite("AGP report titles")
struct AGPReportTitleTests {
    @Test(
        "control characters and markup in the title still give well-formed HTML and SVG",
        arguments: ["a\u{1}b", "tab\there", "\u{0}", "x\u{FFFE}y", "<script>&\"'", "line\nbreak"])
    func wellFormed(title: String) {
        let (readings, start, end) = fortnight()
        let report = AGPReport(readings: readings, from: start, to: end, unit: .milligramsPerDeciliter, title: title)
        #expect(parse(report.html()).0)
        #expect(parse(report.percentileChartSVG()).0)
    }
}
