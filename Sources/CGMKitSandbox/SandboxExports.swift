import CGMKit

/// The files a simulated user would download from Dexcom Clarity and LibreView: real
/// layouts (fact sheet `librelinkup.md` §5–§6) over the user's trace, with invented
/// names, so tests and benchmarks have large realistic exports.
///
/// - Clarity: UTF-8 with a byte order mark, every field quoted, CRLF (the 2024 EU
///   export); preamble (names, device, alert settings), then EGV, calibration, insulin,
///   carbs and exercise rows sorted by local timestamp; `Low`/`High` below 40 and above
///   400 mg/dL; mmol/L columns for a mmol/L user.
/// - LibreView: the title line, the 19-column header, rows grouped by serial and record
///   type in time order, times without seconds (a fall-back hour repeats its rows),
///   `MM-DD-YYYY hh:mm AM/PM` for a US user and `DD-MM-YYYY HH:mm` otherwise; historic
///   readings every 5 minutes (Libre 3), a scan every 3 hours, insulin, food and
///   exercise notes; mmol/L with one decimal (÷18, as Abbott writes it) for a mmol/L user.
public struct SandboxExports: Sendable {
    /// The trace the files are written from.
    public let trace: SandboxTrace

    /// The invented patient's first and last name, written where the real files put them.
    public static let patientName = (first: "Sam", last: "Sandbox")

    /// Exports of `trace`.
    public init(trace: SandboxTrace) {
        self.trace = trace
    }

    private var mmol: Bool { trace.user.preferredUnit == .millimolesPerLiter }

    private func wallClock(_ instant: CGMInstant) -> LocalDateTime {
        let offset = trace.user.timeZone.offsetMinutes(at: instant)
        return CGMInstant(millisecondsSince1970: instant.secondsSince1970 * 1000 + Int64(offset) * 60_000).utcDateTime
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    private func glucoseText(_ mgdl: Int, oneDecimalDivisor: Double) -> String {
        guard mmol else { return String(mgdl) }
        let tenths = (Double(mgdl) / oneDecimalDivisor * 10).rounded()
        return String(Int(tenths) / 10) + "." + String(Int(tenths) % 10)
    }

    // MARK: - Clarity

    /// The Clarity export of readings, calibrations and events with `start ≤ time < end`.
    public func clarityCSV(from start: CGMInstant, to end: CGMInstant) -> [UInt8] {
        let unit = mmol ? "mmol/L" : "mg/dL"
        let header = [
            "Index", "Timestamp (YYYY-MM-DDThh:mm:ss)", "Event Type", "Event Subtype", "Patient Info", "Device Info",
            "Source Device ID", "Glucose Value (\(unit))", "Insulin Value (u)", "Carb Value (grams)",
            "Duration (hh:mm:ss)", "Glucose Rate of Change (\(unit)/min)", "Transmitter Time (Long Integer)",
            "Transmitter ID",
        ]
        let source = "\(trace.user.displayDevice) \(trace.user.generation.uppercased())"
        let app = "Dexcom \(trace.user.generation.uppercased()) Mobile App"
        var preamble: [[String]] = [
            ["", "FirstName", "", Self.patientName.first, "", "", "", "", "", "", "", ""],
            ["", "LastName", "", Self.patientName.last, "", "", "", "", "", "", "", ""],
            ["", "Device", "", "", app, source, "", "", "", "", "", ""],
        ]
        for (name, mgdl) in [("High", 200), ("Low", 70), ("Urgent Low", 55)] {
            preamble.append([
                "", "Alert", name, "", "", "", glucoseText(mgdl, oneDecimalDivisor: 18.01559), "", "", "", "", "",
            ])
        }
        preamble.append(["", "Alert", "Signal Loss", "", "", "", "", "", "", "00:20:00", "", ""])
        var timed: [(LocalDateTime, Int, [String])] = []
        timed.reserveCapacity(trace.readings.count)
        for reading in trace.readings where reading.systemTime >= start && reading.systemTime < end {
            let (subtype, value): (String, String) =
                reading.value <= 39
                ? ("Low", "Low")
                : reading.value >= 401
                    ? ("High", "High") : ("", glucoseText(reading.value, oneDecimalDivisor: 18.01559))
            let wall = wallClock(reading.systemTime)
            timed.append(
                (
                    wall, timed.count,
                    [
                        wall.iso8601, "EGV", subtype, "", "", source, value, "", "", "", "",
                        String(reading.transmitterTicks), reading.transmitterID,
                    ]
                ))
        }
        for calibration in trace.calibrations where calibration.systemTime >= start && calibration.systemTime < end {
            let wall = wallClock(calibration.systemTime)
            timed.append(
                (
                    wall, timed.count,
                    [
                        wall.iso8601, "Calibration", "", "", "", source,
                        glucoseText(calibration.value, oneDecimalDivisor: 18.01559), "", "", "", "", "",
                        calibration.transmitterID,
                    ]
                ))
        }
        for event in trace.events where event.systemTime >= start && event.systemTime < end {
            let wall = wallClock(event.systemTime)
            var fields = [wall.iso8601, "", "", "", "", source, "", "", "", "", "", "", ""]
            switch event.type {
            case "carbs":
                fields[1] = "Carbs"
                fields[8] = event.value
            case "insulin":
                fields[1] = "Insulin"
                fields[2] = event.subType == "longActing" ? "Long-Acting" : "Fast-Acting"
                fields[7] = event.value
            case "exercise":
                fields[1] = "Exercise"
                fields[2] = "Medium"
                let minutes = Int(event.value) ?? 0
                fields[9] = Self.two(minutes / 60) + ":" + Self.two(minutes % 60) + ":00"
            default:
                continue
            }
            timed.append((wall, timed.count, fields))
        }
        timed.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var text = "\u{FEFF}" + Self.quotedLine(header)
        text.reserveCapacity(timed.count * 120)
        var index = 0
        for fields in preamble + timed.map(\.2) {
            index += 1
            text += Self.quotedLine([String(index)] + fields)
        }
        return Array(text.utf8)
    }

    private static func quotedLine(_ fields: [String]) -> String {
        fields.map { "\"" + $0 + "\"" }.joined(separator: ",") + "\r\n"
    }

    // MARK: - LibreView

    /// The LibreView export of readings and events with `start ≤ time < end`.
    public func libreViewCSV(from start: CGMInstant, to end: CGMInstant) -> [UInt8] {
        let unit = mmol ? "mmol/L" : "mg/dL"
        let monthFirst = trace.user.timeZone.identifier.hasPrefix("America/")
        let device = "FreeStyle Libre 3"
        let serial = Self.serial(seed: trace.user.seed)
        func stamp(_ instant: CGMInstant) -> String {
            let wall = wallClock(instant)
            let date =
                monthFirst
                ? Self.two(wall.month) + "-" + Self.two(wall.day) : Self.two(wall.day) + "-" + Self.two(wall.month)
            guard monthFirst else { return date + "-\(wall.year) " + Self.two(wall.hour) + ":" + Self.two(wall.minute) }
            let hour = wall.hour % 12 == 0 ? 12 : wall.hour % 12
            return date + "-\(wall.year) " + Self.two(hour) + ":" + Self.two(wall.minute)
                + (wall.hour < 12 ? " AM" : " PM")
        }
        func row(_ instant: CGMInstant, _ type: Int, _ values: [Int: String]) -> String {
            var fields = [device, serial, stamp(instant), String(type)] + Array(repeating: "", count: 15)
            for (column, value) in values { fields[column] = value }
            return fields.joined(separator: ",") + "\r\n"
        }
        func glucose(_ mgdl: Int) -> String {
            glucoseText(min(max(mgdl, 40), 500), oneDecimalDivisor: 18)
        }
        let readings = trace.readings.filter { $0.systemTime >= start && $0.systemTime < end }
        let events = trace.events.filter { $0.systemTime >= start && $0.systemTime < end }
        let generated = end.utcDateTime
        let generatedOn =
            monthFirst
            ? Self.two(generated.month) + "-" + Self.two(generated.day)
            : Self.two(generated.day) + "-" + Self.two(generated.month)
        var text =
            "Glucose Data,Generated on,\(generatedOn)-\(generated.year) \(Self.two(generated.hour)):\(Self.two(generated.minute)) UTC,"
            + "Generated by,\(Self.patientName.first) \(Self.patientName.last)\r\n"
        text +=
            [
                "Device", "Serial Number", "Device Timestamp", "Record Type", "Historic Glucose \(unit)",
                "Scan Glucose \(unit)", "Non-numeric Rapid-Acting Insulin", "Rapid-Acting Insulin (units)",
                "Non-numeric Food", "Carbohydrates (grams)", "Carbohydrates (servings)",
                "Non-numeric Long-Acting Insulin", "Long-Acting Insulin (units)", "Notes", "Strip Glucose \(unit)",
                "Ketone mmol/L", "Meal Insulin (units)", "Correction Insulin (units)", "User Change Insulin (units)",
            ].joined(separator: ",") + "\r\n"
        text.reserveCapacity(readings.count * 90)
        for reading in readings { text += row(reading.systemTime, 0, [4: glucose(reading.value)]) }
        for (position, reading) in readings.enumerated() where position % 36 == 7 {
            text += row(reading.systemTime.adding(milliseconds: 60_000), 1, [5: glucose(reading.value)])
        }
        for event in events where event.type == "insulin" {
            text += row(event.systemTime, 4, event.subType == "longActing" ? [12: event.value] : [7: event.value])
        }
        for event in events where event.type == "carbs" { text += row(event.systemTime, 5, [9: event.value]) }
        for event in events where event.type == "exercise" { text += row(event.systemTime, 6, [13: "Exercise"]) }
        return Array(text.utf8)
    }

    /// An app installation id in the shape of a LibreLink one (upper-case UUID).
    static func serial(seed: UInt64) -> String {
        var random = SandboxRandom(seed: seed &* 0x9E37_79B9_7F4A_7C15)
        let hex = (0..<32).map { _ in String(random.next() % 16, radix: 16, uppercase: true) }.joined()
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}
