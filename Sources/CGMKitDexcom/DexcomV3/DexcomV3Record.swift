import CGMKit

/// A record is skipped: the one issue that explains why.
struct SkippedRecord: Error {
    let issue: NormalizationIssue
}

/// One element of a v3 `records` array being mapped: its fields, its position, and
/// the warnings collected for it. Warnings reach the batch only if the record is
/// kept; a skipped record contributes exactly one issue.
struct DexcomV3Record {
    let object: JSONObject
    let index: Int
    var warnings: [NormalizationIssue] = []

    init(object: JSONObject, index: Int) {
        self.object = object
        self.index = index
    }

    // MARK: - Outcomes

    func skip(_ code: NormalizationIssue.Code, _ message: String) -> SkippedRecord {
        SkippedRecord(issue: NormalizationIssue(index: index, code: code, message: message))
    }

    mutating func warn(_ code: NormalizationIssue.Code, _ message: String) {
        warnings.append(NormalizationIssue(index: index, code: code, message: message))
    }

    // MARK: - Identity and time

    /// `dexcom_v3:<recordId>`; skips the record when `recordId` is missing or not a string.
    func recordID() throws(SkippedRecord) -> RecordID {
        guard let value = object["recordId"], !value.isNull else {
            throw skip(.missingField, "recordId is missing")
        }
        guard let text = value.stringValue, !text.isEmpty else {
            throw skip(.invalidValue, "recordId is not a non-empty string")
        }
        return RecordID(provider: .dexcomV3, nativeID: text)
    }

    /// The record's time from `systemTime` (zone-less means UTC) and `displayTime`.
    /// Skips the record when `systemTime` is missing or impossible; an impossible
    /// `displayTime` only loses `displayTime` and `utcOffset`, with a warning.
    mutating func recordTime() throws(SkippedRecord) -> RecordTime {
        guard let value = object["systemTime"], !value.isNull else {
            throw skip(.invalidTimestamp, "systemTime is missing")
        }
        guard let text = value.stringValue, let system = ISO8601Timestamp(text) else {
            throw skip(.invalidTimestamp, "systemTime is not a valid date")
        }
        let instant = system.instantAssumingUTC
        guard let displayValue = object["displayTime"], !displayValue.isNull else {
            return RecordTime(instant: instant)
        }
        guard let displayText = displayValue.stringValue, let display = ISO8601Timestamp(displayText) else {
            warn(.invalidTimestamp, "displayTime is not a valid date; displayTime and utcOffset are omitted")
            return RecordTime(instant: instant)
        }
        return RecordTime(
            instant: instant, displayTime: display.dateTime,
            utcOffsetMinutes: UTCOffsetInference.offsetMinutes(display: display, instant: instant))
    }

    // MARK: - Fields

    /// An optional string field; a value of another type is dropped with a warning.
    mutating func optionalString(_ key: String) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.stringValue else {
            warn(.invalidValue, "\(key) is not a string")
            return nil
        }
        return text
    }

    /// A numeric field, accepting numbers and numeric strings.
    enum Number {
        case absent
        case value(Double)
        case invalid
    }

    func number(_ key: String) -> Number {
        guard let value = object[key], !value.isNull else { return .absent }
        switch value {
        case .number(let number):
            return number.doubleValue.isFinite ? .value(number.doubleValue) : .invalid
        case .string(let text):
            guard let parsed = DecimalText.parse(text) else { return .invalid }
            return .value(parsed)
        default:
            return .invalid
        }
    }

    /// The device fields shared by every v3 record type.
    mutating func deviceInfo() -> DeviceInfo? {
        let info = DeviceInfo(
            generation: optionalString("transmitterGeneration"),
            generationVariant: optionalString("transmitterGenerationVariant"),
            displayDevice: optionalString("displayDevice"),
            displayApp: optionalString("displayApp"),
            transmitterID: optionalString("transmitterId")
        )
        return info.isEmpty ? nil : info
    }

    /// The glucose unit of a v3 `unit` field: missing, `null` or `unknown` mean mg/dL
    /// (Dexcom reports all glucose in mg/dL). Skips the record on any other value.
    func glucoseUnit(_ key: String = "unit") throws(SkippedRecord) -> GlucoseUnit {
        guard let value = object[key], !value.isNull else { return .milligramsPerDeciliter }
        guard let text = value.stringValue else { throw skip(.invalidValue, "\(key) is not a string") }
        switch text.lowercased() {
        case "", "unknown", "mg/dl": return .milligramsPerDeciliter
        case "mmol/l": return .millimolesPerLiter
        default: throw skip(.invalidValue, "\(key) is not a recognised glucose unit")
        }
    }
}
