@_spi(AdapterSupport) import CGMKit

/// Maps one `/alerts` record to a ``DeviceAlert``; name and state are kept as sent.
enum DexcomV3AlertMapper {
    static func map(_ record: inout RecordReader) throws(SkippedRecord) -> DeviceAlert {
        let id = try record.recordID()
        let time = try record.recordTime()
        let name = requiredText("alertName", in: &record)
        let state = requiredText("alertState", in: &record)
        return DeviceAlert(
            id: id, provider: .dexcomV3, time: time, name: name, state: state,
            device: record.deviceInfo())
    }

    /// The field's string, or `"unknown"` with a warning when it is missing.
    private static func requiredText(_ key: String, in record: inout RecordReader) -> String {
        if let text = record.optionalString(key), !text.isEmpty { return text }
        record.warn(.missingField, "\(key) is missing")
        return "unknown"
    }
}
