import CGMKit
import CGMKitDexcom
import CGMKitLibre
import CGMKitSandbox
import Foundation

/// Issue 16: the files people export, 90 days each, written by the sandbox (a G6 user in
/// New York for Clarity, a G7 user in Berlin for LibreView), normalized by CGMKit and by a
/// careful Foundation program in the same run.
///
/// The baseline is what a careful Swift developer would write without CGMKit: the file
/// decoded to a `String`, a quote-aware field splitter over its Unicode scalars (Clarity
/// quotes every field), columns found by header name, `Double(_:)` for values and one
/// reused `DateFormatter` (`en_US_POSIX`, the file's zone) for the wall clocks. It keeps
/// only what both produce: readings with a numeric value, as (UTC seconds, mg/dL); the
/// two must agree on those before their speed is compared.
enum ExportedFilesBenchmark {
    struct Dataset {
        let name: String
        let bytes: [UInt8]
        let zone: TimeZone
        let normalizer: any PayloadNormalizer
        let baseline: (String, TimeZone) -> [(Int64, Double)]
    }

    static func datasets() throws -> [Dataset] {
        let days = 90
        func trace(_ user: SandboxUser) -> SandboxTrace {
            SandboxTrace(user: user, days: days, end: SandboxServer.defaultNow)
        }
        let start = SandboxServer.defaultNow.adding(milliseconds: -Int64(days) * 86_400_000)
        guard let newYork = TimeZone(identifier: "America/New_York"), let berlin = TimeZone(identifier: "Europe/Berlin")
        else { throw CGMError(code: .invalidArgument, message: "the time-zone database is missing") }
        let clarity = SandboxExports(trace: trace(.g6)).clarityCSV(from: start, to: SandboxServer.defaultNow)
        let libreView = SandboxExports(trace: trace(.g7)).libreViewCSV(from: start, to: SandboxServer.defaultNow)
        return [
            Dataset(
                name: "Clarity 90 days", bytes: clarity, zone: newYork,
                normalizer: ClarityNormalizer(timeZone: newYork),
                baseline: { clarityBaseline($0, zone: $1) }),
            Dataset(
                name: "LibreView 90 days", bytes: libreView, zone: berlin,
                normalizer: LibreViewNormalizer(timeZone: berlin), baseline: { libreViewBaseline($0, zone: $1) }),
        ]
    }

    /// The readings with a numeric value of a CGMKit batch, as the baseline keeps them.
    static func numericReadings(_ batch: CGMBatch) -> [(Int64, Double)] {
        batch.readings.filter { $0.status == .ok }.compactMap { reading in
            reading.glucose.map {
                (reading.time.instant.secondsSince1970, ($0.milligramsPerDeciliter * 1e4).rounded() / 1e4)
            }
        }
    }

    /// Rows of fields, quote-aware (RFC 4180), over Unicode scalars.
    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            pending = next
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": quoted = true
            case ",":
                row.append(String(field))
                field = String.UnicodeScalarView()
            case "\r": continue
            case "\n":
                row.append(String(field))
                rows.append(row)
                row = []
                field = String.UnicodeScalarView()
            case "\u{FEFF}": continue
            default: field.append(scalar)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(String(field))
            rows.append(row)
        }
        return rows
    }

    static func formatter(_ format: String, zone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = format
        return formatter
    }

    static func clarityBaseline(_ text: String, zone: TimeZone) -> [(Int64, Double)] {
        let table = rows(text)
        guard let header = table.first, let time = header.firstIndex(where: { $0.hasPrefix("Timestamp") }),
            let type = header.firstIndex(of: "Event Type"),
            let value = header.firstIndex(where: { $0.hasPrefix("Glucose Value") })
        else { return [] }
        let factor = header[value].contains("mmol") ? 18.01559 : 1
        let dates = formatter("yyyy-MM-dd'T'HH:mm:ss", zone: zone)
        var result: [(Int64, Double)] = []
        for row in table.dropFirst() where row.count > max(time, type, value) && row[type] == "EGV" {
            guard let number = Double(row[value]), let date = dates.date(from: row[time]) else { continue }
            result.append((Int64(date.timeIntervalSince1970), (number * factor * 1e4).rounded() / 1e4))
        }
        return result
    }

    static func libreViewBaseline(_ text: String, zone: TimeZone) -> [(Int64, Double)] {
        let table = rows(text)
        guard let headerRow = table.firstIndex(where: { $0.contains("Record Type") }) else { return [] }
        let header = table[headerRow]
        guard let time = header.firstIndex(of: "Device Timestamp"), let type = header.firstIndex(of: "Record Type"),
            let value = header.firstIndex(where: { $0.hasPrefix("Historic Glucose") })
        else { return [] }
        let factor = header[value].hasSuffix("mmol/L") ? 18.01559 : 1
        let dates = formatter("dd-MM-yyyy HH:mm", zone: zone)
        var result: [(Int64, Double)] = []
        for row in table[(headerRow + 1)...] where row.count > max(time, type, value) && row[type] == "0" {
            guard let number = Double(row[value]), number > 40, number < 500,
                let date = dates.date(from: row[time])
            else { continue }
            result.append((Int64(date.timeIntervalSince1970), (number * factor * 1e4).rounded() / 1e4))
        }
        return result
    }

    struct Result {
        let name: String
        let bytes: Int
        let records: Int
        let differing: Int
        let cgmkit: (median: Double, fastest: Double)
        let foundation: (median: Double, fastest: Double)
    }

    /// Measures both programs on both files; `nil` (after printing why) when they disagree.
    static func run(runs: Int, baselineRuns: Int) throws -> [Result]? {
        var results: [Result] = []
        for dataset in try datasets() {
            let batch = try dataset.normalizer.normalize(dataset.bytes)
            let ours = numericReadings(batch).sorted { $0.0 < $1.0 }
            let theirs = dataset.baseline(String(decoding: dataset.bytes, as: UTF8.self), dataset.zone)
                .sorted { $0.0 < $1.0 }
            // Sets of (instant, value). `DateFormatter` cannot tell the fall-back hour's two
            // passes apart (it gives one instant to both), so those rows may differ: at most
            // 12 per fall-back (one hour of 5-minute readings) pairs.
            let ourSet = Set(ours.map { "\($0.0) \($0.1)" })
            let theirSet = Set(theirs.map { "\($0.0) \($0.1)" })
            let differing = ourSet.symmetricDifference(theirSet).count
            guard ours.count == theirs.count, differing <= 24 else {
                print(
                    "error: \(dataset.name): CGMKit and the Foundation baseline disagree "
                        + "(\(ours.count) vs \(theirs.count) readings, \(differing) differ)")
                return nil
            }
            var sink = 0
            let cgmkit = try Measure.times(runs: runs) {
                sink &+= try dataset.normalizer.normalize(dataset.bytes).readings.count
            }
            let foundation = Measure.times(runs: baselineRuns) {
                sink &+= dataset.baseline(String(decoding: dataset.bytes, as: UTF8.self), dataset.zone).count
            }
            if sink == 42 { print("") }
            results.append(
                Result(
                    name: dataset.name, bytes: dataset.bytes.count, records: batch.readings.count,
                    differing: differing, cgmkit: cgmkit,
                    foundation: foundation))
        }
        return results
    }

    /// The table: median, fastest, MB/s and the ratio of each program.
    static func printResults(_ results: [Result]) {
        func cell(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
        }
        func milliseconds(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }
        print("Exported files (issue 16), in process: sandbox-written, 90 days each")
        print(
            "  " + "what".padding(toLength: 42, withPad: " ", startingAt: 0) + cell("median", 11) + cell("fastest", 11)
                + cell("MB/s", 8) + cell("records/s", 12) + cell("vs baseline", 13))
        for result in results {
            print(
                "  \(result.name): \(result.bytes) bytes, \(result.records) readings; \(result.differing) "
                    + "fall-back-hour rows placed differently by DateFormatter")
            for (name, time) in [("CGMKit", result.cgmkit), ("Foundation baseline", result.foundation)] {
                let label = "\(result.name): \(name)"
                print(
                    "  " + label.padding(toLength: 42, withPad: " ", startingAt: 0)
                        + cell(milliseconds(time.median), 11) + cell(milliseconds(time.fastest), 11)
                        + cell(String(format: "%.0f", Double(result.bytes) / time.median / 1e6), 8)
                        + cell(String(format: "%.0f", Double(result.records) / time.median), 12)
                        + cell(String(format: "%.1f×", result.foundation.median / time.median), 13))
            }
        }
    }
}
