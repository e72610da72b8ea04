@_spi(AdapterSupport) import CGMKit

/// Maps one `/devices` record to a ``CGMDevice``. Alert schedules are settings, not
/// time series, and are not part of the unified schema.
enum DexcomV3DeviceMapper {
    static func map(_ record: inout RecordReader) -> CGMDevice {
        var info = record.deviceInfo() ?? DeviceInfo()
        if info.generation == nil {
            record.warn(.missingField, "transmitterGeneration is missing")
            info.generation = "unknown"
        }
        if info.displayDevice == nil {
            record.warn(.missingField, "displayDevice is missing")
            info.displayDevice = "unknown"
        }
        var lastUpload: CGMInstant?
        if let text = record.optionalString("lastUploadDate") {
            if let timestamp = ISO8601Timestamp(text) {
                lastUpload = timestamp.instantAssumingUTC
            } else {
                record.warn(.invalidTimestamp, "lastUploadDate is not a valid date")
            }
        }
        return CGMDevice(provider: .dexcomV3, info: info, lastUploadTime: lastUpload)
    }
}
