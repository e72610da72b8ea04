import CGMKit

/// One element of a Nightscout array while it is being mapped: the object, its
/// index, and the problems found in a record that is still kept.
struct NightscoutRecord {
    let object: JSONObject
    let index: Int
    /// Problems of a kept record; dropped when the record is skipped.
    var warnings: [NormalizationIssue] = []

    init(object: JSONObject, index: Int) {
        self.object = object
        self.index = index
    }

    mutating func warn(_ code: NormalizationIssue.Code, _ message: String) {
        warnings.append(NormalizationIssue(index: index, code: code, message: message))
    }

    func skip(_ code: NormalizationIssue.Code, _ message: String) -> SkippedRecord {
        SkippedRecord(issue: issue(code, message))
    }

    /// An issue about this record.
    func issue(_ code: NormalizationIssue.Code, _ message: String) -> NormalizationIssue {
        NormalizationIssue(index: index, code: code, message: message)
    }

    /// The member `key` unless it is missing or null.
    func value(_ key: String) -> JSONValue? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    /// A finite number, or a string holding one (uploaders send both).
    func number(_ key: String) -> Double? {
        switch value(key) {
        case .number(let number)? where number.doubleValue.isFinite:
            return number.doubleValue
        case .string(let text)?:
            guard text.utf8.count <= 32,
                text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D }),
                let parsed = Double(text), parsed.isFinite
            else {
                return nil
            }
            return parsed
        default:
            return nil
        }
    }

    /// A non-empty string.
    func string(_ key: String) -> String? {
        guard let text = value(key)?.stringValue, !text.isEmpty else { return nil }
        return text
    }

    /// `nightscout:<_id>`, else `nightscout:<identifier>` (API v3), else a key built
    /// from what Nightscout itself deduplicates on: `<type>@<epoch ms>`.
    func nativeID(type: String, instant: CGMInstant) -> String {
        string("_id") ?? string("identifier") ?? "\(type)@\(instant.millisecondsSince1970)"
    }

    /// The device name an uploader wrote (`xDrip-DexcomG6`, `share2`, `loop://iPhone`).
    var deviceInfo: DeviceInfo? {
        string("device").map { DeviceInfo(displayDevice: $0) }
    }
}

/// A record that cannot be kept, and the one issue that says why.
struct SkippedRecord: Error {
    let issue: NormalizationIssue
}
