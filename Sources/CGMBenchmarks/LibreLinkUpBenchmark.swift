@_spi(AdapterSupport) import CGMKit
import CGMKitLibre
import Foundation

/// The LibreLinkUp rows of `cgm-bench` (issue 15): a 12-hour `/graph` answer as the
/// client receives it, and a large synthetic graph (90 days of 5-minute points, far more
/// than LibreLinkUp serves: a stress figure), each against a careful Foundation program
/// (`JSONSerialization`, a fixed-format `en_US_POSIX` `DateFormatter` in UTC, the same
/// mapping rules). Both must produce the same readings before their speed is compared.
enum LibreLinkUpBenchmark {
    /// A graph answer with `points` 5-minute points (Europe/Berlin winter, mg/dL, no
    /// arrow) and a current reading with an arrow, shaped like the fact sheet's capture.
    static func graph(points: Int) -> [UInt8] {
        let start: Int64 = 1_767_842_486  // 2026-01-08T03:21:26Z
        var text = #"{"status":0,"data":{"connection":{"id":"c","patientId":"p","country":"DE","status":2,"#
        text += #""sensor":{"deviceId":"","sn":"0A1B2C3D4E0","a":1765000000,"w":60,"pt":4,"s":false,"lj":false},"#
        let currentTime = start + Int64(points) * 300 + 1_020
        text += #""glucoseMeasurement":"# + item(currentTime, value: 142, arrow: 4) + "},"
        text += #""activeSensors":[],"graphData":["#
        for index in 0..<points {
            if index > 0 { text += "," }
            text += item(start + Int64(index) * 300 + Int64(index % 3), value: 70 + (index * 7) % 180, arrow: nil)
        }
        text += #"]},"ticket":{"token":"t","expires":1775552000,"duration":15552000000}}"#
        return Array(text.utf8)
    }

    private static func item(_ seconds: Int64, value: Int, arrow: Int?) -> String {
        let factory = timestamp(seconds)
        let local = timestamp(seconds + 3_600)
        var text = #"{"FactoryTimestamp":"\#(factory)","Timestamp":"\#(local)","type":\#(arrow == nil ? 0 : 1),"#
        text += #""ValueInMgPerDl":\#(value),"#
        if let arrow { text += #""TrendArrow":\#(arrow),"TrendMessage":null,"# }
        text += #""MeasurementColor":1,"GlucoseUnits":1,"Value":\#(value),"isHigh":false,"isLow":false}"#
        return text
    }

    private static func timestamp(_ seconds: Int64) -> String {
        let clock = CGMInstant(millisecondsSince1970: seconds * 1000).utcDateTime
        let hour = clock.hour % 12 == 0 ? 12 : clock.hour % 12
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(clock.month)/\(clock.day)/\(clock.year) \(hour):\(two(clock.minute)):\(two(clock.second)) "
            + (clock.hour < 12 ? "AM" : "PM")
    }

    /// The Foundation program: `JSONSerialization`, a `DateFormatter` per field format,
    /// the same rules (mg/dL, LO/HI, arrows, offset by 15 minutes), sorted and unique.
    final class Baseline {
        private let formatter: DateFormatter
        private var calendar = Calendar(identifier: .gregorian)

        init() {
            formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "M/d/yyyy h:mm:ss a"
            calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        }

        func readings(_ payload: [UInt8]) throws -> [GlucoseReading] {
            guard let root = try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any],
                root["status"] as? Int == 0, let data = root["data"] as? [String: Any]
            else { throw CGMError(code: .notAPayload, message: "not a graph") }
            let connection = data["connection"] as? [String: Any]
            let sensor = connection?["sensor"] as? [String: Any]
            let generation: String? =
                switch sensor?["pt"] as? Int {
                case 3?: "libre2"
                case 4?: "libre3"
                case let other?: "libre\(other)"
                case nil: nil
                }
            let device = sensor == nil ? nil : DeviceInfo(generation: generation ?? "libre", displayApp: "LibreLinkUp")
            var byID: [String: GlucoseReading] = [:]
            for item in (data["graphData"] as? [[String: Any]]) ?? [] {
                if let reading = reading(item, device: device) { byID[reading.id.rawValue] = reading }
            }
            if let current = (connection?["glucoseMeasurement"] as? [String: Any]).flatMap({
                reading($0, device: device)
            }) {
                byID[current.id.rawValue] = current
            }
            return byID.values.sorted { ($0.time.instant, $0.id) < ($1.time.instant, $1.id) }
        }

        private func reading(_ item: [String: Any], device: DeviceInfo?) -> GlucoseReading? {
            guard let factory = (item["FactoryTimestamp"] as? String).flatMap(formatter.date(from:)),
                let value = (item["ValueInMgPerDl"] as? NSNumber)?.doubleValue
            else { return nil }
            let instant = CGMInstant(millisecondsSince1970: Int64((factory.timeIntervalSince1970 * 1000).rounded()))
            var time = RecordTime(instant: instant)
            if let local = (item["Timestamp"] as? String).flatMap(formatter.date(from:)) {
                let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: local)
                time.displayTime = LocalDateTime(
                    year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0, hour: parts.hour ?? 0,
                    minute: parts.minute ?? 0, second: parts.second ?? 0)
                let minutes = (local.timeIntervalSince1970 - factory.timeIntervalSince1970) / 60
                let offset = Int((minutes / 15).rounded(.toNearestOrAwayFromZero)) * 15
                time.utcOffsetMinutes = (-720...840).contains(offset) ? offset : nil
            }
            let status: ReadingStatus
            let glucose: Double
            if item["isLow"] as? Bool == true {
                (status, glucose) = (.belowRange, 40)
            } else if item["isHigh"] as? Bool == true {
                (status, glucose) = (.aboveRange, 500)
            } else {
                guard value > 0, value <= 600 else { return nil }
                (status, glucose) = (.ok, value)
            }
            let trend: GlucoseTrend =
                switch item["TrendArrow"] as? Int {
                case 0?: .notComputable
                case 1?: .singleDown
                case 2?: .fortyFiveDown
                case 3?: .flat
                case 4?: .fortyFiveUp
                case 5?: .singleUp
                default: .unknown
                }
            return GlucoseReading(
                id: RecordID(provider: .libreLinkUp, nativeID: String(instant.secondsSince1970)),
                provider: .libreLinkUp, time: time, glucose: GlucoseValue(milligramsPerDeciliter: glucose),
                status: status, trend: trend, device: device)
        }
    }
}
