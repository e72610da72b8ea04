import CGMKit

/// A text chart of the last 24 hours: one column per 20 minutes, one row per
/// 20 mg/dL from 40 to 400, the target range 70–180 drawn as a dotted band.
struct TerminalChart {
    static let columns = 72
    static let rows = 18
    static let bottom = 40.0
    static let top = 400.0

    let readings: [GlucoseReading]
    let end: CGMInstant
    let unit: GlucoseUnit

    func render() -> [String] {
        let start = end.adding(milliseconds: -86_400_000)
        let columnWidth: Int64 = 86_400_000 / Int64(Self.columns)
        var sums = [Double](repeating: 0, count: Self.columns)
        var counts = [Int](repeating: 0, count: Self.columns)
        for reading in readings where reading.time.instant >= start && reading.time.instant < end {
            guard let value = Self.value(reading) else { continue }
            let column = Int((reading.time.instant.millisecondsSince1970 - start.millisecondsSince1970) / columnWidth)
            sums[column] += value
            counts[column] += 1
        }
        let step = (Self.top - Self.bottom) / Double(Self.rows)
        var lines: [String] = []
        for row in 0..<Self.rows {
            let high = Self.top - Double(row) * step
            let low = high - step
            let label =
                [400.0, 250, 180, 70, 54].first { $0 <= high && $0 > low }
                .map { TextFormat.pad(TextFormat.glucose($0, unit), 5, right: true) } ?? "     "
            var line = label + " ┤"
            let middle = (high + low) / 2
            for column in 0..<Self.columns {
                if counts[column] > 0 {
                    let average = sums[column] / Double(counts[column])
                    let inRow =
                        row == 0
                        ? average > low : row == Self.rows - 1 ? average <= high : average > low && average <= high
                    if inRow {
                        line += average < 70 || average > 180 ? "○" : "●"
                        continue
                    }
                }
                line += middle >= 70 && middle <= 180 ? "·" : " "
            }
            lines.append(line)
        }
        lines.append("      └" + String(repeating: "─", count: Self.columns))
        lines.append("       " + axisLabels(start: start, columnWidth: columnWidth))
        return lines
    }

    /// Local hour labels every 4 hours, placed at their columns.
    private func axisLabels(start: CGMInstant, columnWidth: Int64) -> String {
        let offset = Int64(readings.last?.time.utcOffsetMinutes ?? 0) * 60_000
        var characters = [Character](repeating: " ", count: Self.columns + 6)
        var lastHour = -1
        for column in 0..<Self.columns {
            let local = CGMInstant(
                millisecondsSince1970: start.millisecondsSince1970 + Int64(column) * columnWidth + offset)
            let wall = local.utcDateTime
            guard wall.hour % 4 == 0, wall.hour != lastHour, wall.minute < 20 else { continue }
            lastHour = wall.hour
            for (index, character) in (TextFormat.twoDigits(wall.hour) + ":00").enumerated()
            where column + index < characters.count {
                characters[column + index] = character
            }
        }
        return String(characters)
    }

    /// The reading's analysis value, clamped to the chart.
    static func value(_ reading: GlucoseReading) -> Double? {
        reading.analysisMilligramsPerDeciliter.map { min(top, max(bottom, $0)) }
    }
}
