import CGMKit

/// An ambulatory glucose profile as a standalone SVG document: the median, the
/// 25–75 % and 5–95 % bands by time of day, and the 70–180 mg/dL target band.
struct AGPChart {
    let profile: DailyProfile
    let summary: GlucoseSummary
    let title: String
    let unit: GlucoseUnit

    static let width = 900.0, height = 440.0
    static let left = 70.0, right = 870.0, top = 60.0, bottom = 380.0
    static let lowest = 40.0, highest = 400.0

    func render() -> String {
        var svg = ##"<?xml version="1.0" encoding="UTF-8"?>"## + "\n"
        svg += ##"<svg xmlns="http://www.w3.org/2000/svg" width="900" height="440" viewBox="0 0 900 440" font-family="Helvetica, Arial, sans-serif" font-size="12">"## + "\n"
        svg += ##"<rect x="0" y="0" width="900" height="440" fill="#ffffff"/>"## + "\n"
        svg += text(x: Self.left, y: 28, Self.escape(title), size: 16, weight: "bold")
        svg += text(x: Self.left, y: 46, Self.escape(subtitle()), size: 12, fill: "#555555")
        let targetTop = y(180), targetBottom = y(70)
        svg += ##"<rect x="\##(f(Self.left))" y="\##(f(targetTop))" width="\##(f(Self.right - Self.left))" height="\##(f(targetBottom - targetTop))" fill="#d8f0d8" stroke="none"><title>target range</title></rect>"## + "\n"
        for (value, dash) in [(54.0, "4 3"), (250.0, "4 3")] {
            svg += ##"<line x1="\##(f(Self.left))" y1="\##(f(y(value)))" x2="\##(f(Self.right))" y2="\##(f(y(value)))" stroke="#bbbbbb" stroke-dasharray="\##(dash)"/>"## + "\n"
        }
        if !profile.bins.isEmpty {
            svg += band(lower: \.p5, upper: \.p95, fill: "#cfe0f5", name: "5–95 %")
            svg += band(lower: \.p25, upper: \.p75, fill: "#7fa9dd", name: "25–75 %")
            let median = points(\.p50).map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
            svg += ##"<polyline points="\##(median)" fill="none" stroke="#1f3f73" stroke-width="2.5"><title>median</title></polyline>"## + "\n"
        }
        svg += ##"<rect x="\##(f(Self.left))" y="\##(f(Self.top))" width="\##(f(Self.right - Self.left))" height="\##(f(Self.bottom - Self.top))" fill="none" stroke="#444444"/>"## + "\n"
        for hour in stride(from: 0, through: 24, by: 3) {
            let x = Self.left + Double(hour) / 24 * (Self.right - Self.left)
            svg += ##"<line x1="\##(f(x))" y1="\##(f(Self.bottom))" x2="\##(f(x))" y2="\##(f(Self.bottom + 5))" stroke="#444444"/>"## + "\n"
            svg += text(x: x, y: Self.bottom + 20, TextFormat.twoDigits(hour % 24) + ":00", anchor: "middle")
        }
        for value in [54.0, 70, 180, 250, 350] {
            svg += text(x: Self.left - 8, y: y(value) + 4, TextFormat.glucose(value, unit), anchor: "end")
        }
        svg += text(x: 18, y: (Self.top + Self.bottom) / 2, unit.rawValue, anchor: "middle",
                    transform: "rotate(-90 18 \(f((Self.top + Self.bottom) / 2)))")
        svg += legend()
        svg += "</svg>\n"
        return svg
    }

    private func subtitle() -> String {
        var parts = ["\(TextFormat.fixed(summary.daysCovered, 1)) days",
                     "time in range \(TextFormat.fixed(summary.percentage(in: .inRange), 1)) %"]
        if let mean = summary.meanMilligramsPerDeciliter { parts.append("mean \(TextFormat.glucose(mean, unit)) \(unit.rawValue)") }
        if let gmi = summary.glucoseManagementIndicator { parts.append("GMI \(TextFormat.fixed(gmi, 1)) %") }
        return parts.joined(separator: " · ")
    }

    private func legend() -> String {
        let y = Self.bottom + 45
        var svg = ""
        for (index, (fill, label)) in [("#cfe0f5", "5–95 %"), ("#7fa9dd", "25–75 %"), ("#1f3f73", "median"),
                                       ("#d8f0d8", "target 70–180 mg/dL")].enumerated() {
            let x = Self.left + Double(index) * 170
            svg += ##"<rect x="\##(f(x))" y="\##(f(y - 10))" width="14" height="12" fill="\##(fill)"/>"## + "\n"
            svg += text(x: x + 20, y: y, Self.escape(label))
        }
        return svg
    }

    private func band(lower: KeyPath<DailyProfile.Bin, Double>, upper: KeyPath<DailyProfile.Bin, Double>,
                      fill: String, name: String) -> String {
        let outline = points(upper) + points(lower).reversed()
        let text = outline.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
        return ##"<polygon points="\##(text)" fill="\##(fill)" stroke="none"><title>\##(Self.escape(name))</title></polygon>"## + "\n"
    }

    /// One point per bin at its middle, plus the day's two ends so the bands span 00:00–24:00.
    private func points(_ percentile: KeyPath<DailyProfile.Bin, Double>) -> [(Double, Double)] {
        let bins = profile.bins
        var result = bins.map { bin in
            (x(minute: Double(bin.startMinute) + Double(profile.binMinutes) / 2), y(bin[keyPath: percentile]))
        }
        if let first = bins.first, let last = bins.last {
            result.insert((Self.left, y(first[keyPath: percentile])), at: 0)
            result.append((Self.right, y(last[keyPath: percentile])))
        }
        return result
    }

    private func x(minute: Double) -> Double {
        Self.left + minute / 1440 * (Self.right - Self.left)
    }

    private func y(_ milligramsPerDeciliter: Double) -> Double {
        let clamped = min(Self.highest, max(Self.lowest, milligramsPerDeciliter))
        return Self.bottom - (clamped - Self.lowest) / (Self.highest - Self.lowest) * (Self.bottom - Self.top)
    }

    private func f(_ value: Double) -> String {
        TextFormat.fixed(value, 1)
    }

    private func text(x: Double, y: Double, _ content: String, size: Int = 12, weight: String? = nil,
                      fill: String = "#222222", anchor: String = "start", transform: String? = nil) -> String {
        var attributes = ##"x="\##(f(x))" y="\##(f(y))" font-size="\##(size)" fill="\##(fill)" text-anchor="\##(anchor)""##
        if let weight { attributes += ##" font-weight="\##(weight)""## }
        if let transform { attributes += ##" transform="\##(transform)""## }
        return "<text \(attributes)>\(content)</text>\n"
    }

    /// XML-escapes text content and attribute values.
    static func escape(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            default: output.append(character)
            }
        }
        return output
    }
}
