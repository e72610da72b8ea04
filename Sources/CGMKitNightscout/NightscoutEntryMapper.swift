import CGMKit

/// Maps one `/api/v1/entries` element.
///
/// - `type` `sgv` (or no type but an `sgv`): a reading. `sgv` is mg/dL. 39 is LOW
///   (`belowRange` at 40) and 401 HIGH (`aboveRange` at 400), the Dexcom bridge
///   conventions; below 39 are Dexcom error codes (`unavailable`, no value). Values
///   above 401 are real measurements of sensors with a wider range (Libre reads to
///   500) and stay `ok`.
/// - `direction` gives the trend, else the bridges' `trend` code 0–9.
/// - `type` `mbg`: a meter blood glucose, kept as a `bloodGlucose` event.
/// - `type` `cal` and any other type: the unified schema has no place for them
///   (`cal` holds sensor calibration coefficients, not a glucose value), so they are
///   reported as `unsupportedRecord`.
enum NightscoutEntryMapper {
    enum Mapped {
        case reading(GlucoseReading)
        case event(CGMEvent)
    }

    static func map(_ record: inout NightscoutRecord) throws(SkippedRecord) -> Mapped {
        let type = record.string("type") ?? (record.value("sgv") != nil ? "sgv" : nil)
        guard let type else { throw record.skip(.missingField, "type is missing and there is no sgv") }
        switch type {
        case "sgv": return .reading(try reading(&record))
        case "mbg": return .event(try meterGlucose(&record))
        case "cal": throw record.skip(.unsupportedRecord, "cal entries hold calibration coefficients, not a glucose value")
        default: throw record.skip(.unsupportedRecord, "entry type is not sgv, mbg or cal")
        }
    }

    static func time(_ record: inout NightscoutRecord) throws(SkippedRecord) -> RecordTime {
        guard let time = NightscoutTime.recordTime(&record, epochKeys: ["date", "mills"], isoKeys: ["dateString", "sysTime"]) else {
            throw record.skip(.invalidTimestamp, "date, mills, dateString and sysTime are all missing or invalid")
        }
        return time
    }

    static func reading(_ record: inout NightscoutRecord) throws(SkippedRecord) -> GlucoseReading {
        let time = try time(&record)
        guard record.value("sgv") != nil else { throw record.skip(.missingField, "sgv is missing") }
        guard let value = record.number("sgv") else { throw record.skip(.invalidValue, "sgv is not a finite number") }
        guard value >= 0, value < 10_000 else { throw record.skip(.invalidValue, "sgv is out of any sensible range") }
        let status: ReadingStatus
        let glucose: GlucoseValue?
        switch value {
        case ..<39: (status, glucose) = (.unavailable, nil)
        case ..<40: (status, glucose) = (.belowRange, GlucoseValue(milligramsPerDeciliter: 40))
        case 401: (status, glucose) = (.aboveRange, GlucoseValue(milligramsPerDeciliter: 400))
        default: (status, glucose) = (.ok, GlucoseValue(milligramsPerDeciliter: value))
        }
        let id = RecordID(provider: .nightscout, nativeID: record.nativeID(type: "sgv", instant: time.instant))
        return GlucoseReading(id: id, provider: .nightscout, time: time, glucose: glucose, status: status,
                              trend: trend(&record), trendRate: nil, device: record.deviceInfo)
    }

    static func trend(_ record: inout NightscoutRecord) -> GlucoseTrend {
        if let direction = record.value("direction") {
            if let name = direction.stringValue, let trend = NightscoutDirection.trend(named: name) { return trend }
            if record.value("trend") == nil {
                record.warn(.unknownTrend, "direction is not a recognised Nightscout direction")
                return .unknown
            }
        }
        if let code = record.value("trend") {
            if let number = code.numberValue, let trend = NightscoutDirection.trend(code: number.doubleValue) { return trend }
            record.warn(.unknownTrend, "trend is not a code from 0 to 9")
        }
        return .unknown
    }

    static func meterGlucose(_ record: inout NightscoutRecord) throws(SkippedRecord) -> CGMEvent {
        let time = try time(&record)
        guard record.value("mbg") != nil else { throw record.skip(.missingField, "mbg is missing") }
        guard let value = record.number("mbg"), GlucoseValue.meterRangeMilligramsPerDeciliter.contains(value) else {
            throw record.skip(.invalidValue, "mbg is not a number a meter reads")
        }
        let id = RecordID(provider: .nightscout, nativeID: record.nativeID(type: "mbg", instant: time.instant))
        return CGMEvent(id: id, provider: .nightscout, time: time, kind: .bloodGlucose, subtype: "mbg",
                        glucose: GlucoseValue(milligramsPerDeciliter: value), status: .created, device: record.deviceInfo)
    }
}
