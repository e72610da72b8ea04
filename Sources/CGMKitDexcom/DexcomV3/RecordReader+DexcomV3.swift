@_spi(AdapterSupport) import CGMKit

/// The fields every Dexcom v3 record type shares (`recordId`, `systemTime`,
/// `displayTime`, the device fields, `unit`), read by CGMKit's record rules.
extension RecordReader {
    /// `dexcom_v3:<recordId>`; skips the record when `recordId` is missing or not a string.
    func recordID() throws(SkippedRecord) -> RecordID {
        switch text("recordId") {
        case .absent: throw skip(.missingField, "recordId is missing")
        case .value(let text) where !text.isEmpty: return RecordID(provider: .dexcomV3, nativeID: text)
        case .value, .invalid: throw skip(.invalidValue, "recordId is not a non-empty string")
        }
    }

    /// The record's time from `systemTime` (zone-less means UTC) and `displayTime`.
    /// Skips the record when `systemTime` is missing or impossible; an impossible
    /// `displayTime` only loses `displayTime` and `utcOffset`, with a warning.
    mutating func recordTime() throws(SkippedRecord) -> RecordTime {
        let system: ISO8601Timestamp
        switch timestamp("systemTime", ISO8601Timestamp.init) {
        case .absent: throw skip(.invalidTimestamp, "systemTime is missing")
        case .invalid: throw skip(.invalidTimestamp, "systemTime is not a valid date")
        case .value(let parsed): system = parsed
        }
        let instant = system.instantAssumingUTC
        switch timestamp("displayTime", ISO8601Timestamp.init) {
        case .absent:
            return RecordTime(instant: instant)
        case .invalid:
            warn(.invalidTimestamp, "displayTime is not a valid date; displayTime and utcOffset are omitted")
            return RecordTime(instant: instant)
        case .value(let display):
            return RecordTime(
                instant: instant, displayTime: display.dateTime,
                utcOffsetMinutes: UTCOffsetInference.offsetMinutes(display: display, instant: instant))
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

    /// The glucose unit of a v3 `unit` field (``DexcomV3Vocabulary/glucoseUnits``):
    /// missing and `null` mean mg/dL. Skips the record on any other value.
    func glucoseUnit(_ key: String = "unit") throws(SkippedRecord) -> GlucoseUnit {
        switch text(key) {
        case .absent: return .milligramsPerDeciliter
        case .invalid: throw skip(.invalidValue, "\(key) is not a string")
        case .value(let text):
            guard let unit = DexcomV3Vocabulary.glucoseUnit(text) else {
                throw skip(.invalidValue, "\(key) is not a recognised glucose unit")
            }
            return unit
        }
    }
}
