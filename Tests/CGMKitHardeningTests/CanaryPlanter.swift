import CGMKit
import CGMKitTesting

/// Plants canaries in a JSON payload: every identifier becomes a `CANARY-…` string,
/// every plausible glucose value becomes 287.25, and the dates and epoch times already
/// there are collected. A leak check then looks for any of them in renderings.
struct CanaryPlanter {
    /// Keys whose string values identify a person, a device or a record.
    static let identifierKeys: Set<String> = [
        "recordId", "transmitterId", "_id", "userId", "device", "notes",
        "enteredBy", "accountId", "accountName", "sessionId", "uuid",
        "identifier",
    ]
    /// Keys whose numbers are glucose values.
    static let glucoseKeys: Set<String> = ["value", "Value", "sgv", "mbg", "glucose"]
    /// The planted glucose value: no rendering or count could show it by chance.
    static let glucoseCanary = "287.25"

    /// The canaries that must never appear in a rendering.
    private(set) var canaries: Set<String> = ["CANARY", glucoseCanary]

    /// The payload with canaries planted.
    mutating func plant(_ value: JSONValue, key: String? = nil) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(
                JSONObject(
                    members: object.members.map {
                        JSONObject.Member(key: $0.key, value: plant($0.value, key: $0.key))
                    }))
        case .array(let elements):
            return .array(elements.map { plant($0, key: key) })
        case .string(let text):
            collectTimes(in: text)
            if let key, Self.identifierKeys.contains(key), !text.isEmpty {
                return .string(
                    "CANARY-"
                        + String(
                            text.unicodeScalars.filter {
                                $0.isASCII && $0.properties.isAlphabetic
                                    || ("0"..."9").contains($0)
                            }.prefix(24)) + "-\(canaries.count)")
            }
            return value
        case .number(let number):
            if let key, Self.glucoseKeys.contains(key), (40...400).contains(number.doubleValue) {
                return .number(JSONNumber(text: Self.glucoseCanary, doubleValue: 287.25))
            }
            if number.doubleValue >= 1e12, number.doubleValue < 1e13 {
                canaries.insert(String(number.text.prefix(8)))  // epoch milliseconds (Nightscout `date`)
            }
            return value
        case .null, .bool:
            return value
        }
    }

    /// ISO dates (`2024-01-31`) and Share epoch digits (`Date(17450810…`) in a string.
    private mutating func collectTimes(in text: String) {
        let bytes = Array(text.utf8)
        if bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[0..<4].allSatisfy({ (0x30...0x39).contains($0) })
        {
            canaries.insert(String(decoding: bytes[0..<10], as: UTF8.self))
        }
        if let open = text.range(of: "Date(") {
            let digits = text[open.upperBound...].prefix { $0.isNumber }
            if digits.count >= 10 { canaries.insert(String(digits.prefix(8))) }
        }
    }
}

/// Everything a host could render by accident, checked for canaries.
struct LeakLedger {
    private(set) var leaks: [String] = []
    private(set) var renderedCount = 0

    /// Renders `value` every way (`CanaryCheck.renderings`) and notes canaries found.
    mutating func check(_ value: Any, _ what: String, canaries: Set<String>) {
        renderedCount += 1
        for text in CanaryCheck.renderings(of: value) {
            for canary in canaries where text.contains(canary) {
                leaks.append("\(what) shows a canary")
            }
        }
    }

    /// A batch, each of its records and issues.
    mutating func check(batch: CGMBatch, _ what: String, canaries: Set<String>) {
        check(batch, what, canaries: canaries)
        for reading in batch.readings { check(reading, "\(what) reading", canaries: canaries) }
        for calibration in batch.calibrations { check(calibration, "\(what) calibration", canaries: canaries) }
        for event in batch.events { check(event, "\(what) event", canaries: canaries) }
        for alert in batch.alerts { check(alert, "\(what) alert", canaries: canaries) }
        for device in batch.devices { check(device, "\(what) device", canaries: canaries) }
        if let range = batch.dataRange { check(range, "\(what) data range", canaries: canaries) }
        for issue in batch.issues { check(issue, "\(what) issue \(issue.code)", canaries: canaries) }
    }
}
