@_spi(AdapterSupport) import CGMKit

/// Maps one entries element (API v1 `/api/v1/entries`, API v3 `/api/v3/entries`).
///
/// - `type` `sgv` (or no type but an `sgv`): a reading. `sgv` is mg/dL.
///   - 0–12 are Dexcom's sensor error codes (`lib/plugins/errorcodes.js`):
///     `unavailable`, no value.
///   - 13–39 are real lows: uploaders (AndroidAPS, xDrip+) send them, and the vendor
///     app shows LOW, so they are `belowRange` at 40 (39 is the bridges' LOW marker).
///     A severe low never becomes "no reading".
///   - 401 is the bridges' HIGH marker (`aboveRange` at 400); 402–600 are real
///     measurements of sensors with a wider range (Libre reads to 500) and stay `ok`.
///   - Above 600 no sensor measures (an uploader bug): the record is skipped with
///     `invalidValue` (SPEC §2.2).
/// - The trend: see ``trend(_:)``.
/// - `type` `mbg`: a meter blood glucose, kept as a `bloodGlucose` event.
/// - `type` `cal` and any other type: the unified schema has no place for them
///   (`cal` holds sensor calibration coefficients, not a glucose value), so they are
///   reported as `unsupportedRecord`.
/// - API v3 `isValid: false` (a soft-deleted document): the entry is reported as
///   `unsupportedRecord`, not counted as a reading.
enum NightscoutEntryMapper {
    enum Mapped {
        case reading(GlucoseReading)
        case event(CGMEvent)
    }

    static func map(_ record: inout RecordReader) throws(SkippedRecord) -> Mapped {
        if case .bool(false)? = record.value("isValid") {
            throw record.skip(.unsupportedRecord, "entry was deleted on the site (isValid is false)")
        }
        let type =
            record.string("type") ?? (record.value("sgv") != nil ? "sgv" : record.value("mbg") != nil ? "mbg" : nil)
        guard let type else { throw record.skip(.missingField, "type is missing and there is no sgv or mbg") }
        switch type {
        case "sgv": return .reading(try reading(&record))
        case "mbg": return .event(try meterGlucose(&record))
        case "cal":
            throw record.skip(.unsupportedRecord, "cal entries hold calibration coefficients, not a glucose value")
        default: throw record.skip(.unsupportedRecord, "entry type is not sgv, mbg or cal")
        }
    }

    static func time(_ record: inout RecordReader) throws(SkippedRecord) -> RecordTime {
        guard
            let time = NightscoutTime.recordTime(
                &record, epochKeys: ["date", "mills"], isoKeys: ["dateString", "sysTime"])
        else {
            throw record.skip(.invalidTimestamp, "date, mills, dateString and sysTime are all missing or invalid")
        }
        return time
    }

    static func reading(_ record: inout RecordReader) throws(SkippedRecord) -> GlucoseReading {
        let time = try time(&record)
        guard record.value("sgv") != nil else { throw record.skip(.missingField, "sgv is missing") }
        guard let value = record.number("sgv").value else {
            throw record.skip(.invalidValue, "sgv is not a finite number")
        }
        guard value >= 0 else { throw record.skip(.invalidValue, "sgv is negative") }
        guard GlucoseValue(milligramsPerDeciliter: value).isMeasurable else {
            throw record.skip(.invalidValue, "sgv is above what any sensor measures")
        }
        let status: ReadingStatus
        let glucose: GlucoseValue?
        switch value {
        case ...highestErrorCode: (status, glucose) = (.unavailable, nil)
        case ..<40: (status, glucose) = (.belowRange, GlucoseValue(milligramsPerDeciliter: 40))
        case 401: (status, glucose) = (.aboveRange, GlucoseValue(milligramsPerDeciliter: 400))
        default: (status, glucose) = (.ok, GlucoseValue(milligramsPerDeciliter: value))
        }
        let id = RecordID(provider: .nightscout, nativeID: record.nativeID(type: "sgv", instant: time.instant))
        return GlucoseReading(
            id: id, provider: .nightscout, time: time, glucose: glucose, status: status,
            trend: trend(&record), trendRate: nil, device: record.deviceInfo)
    }

    /// Values 0–12 of `sgv` are Dexcom's sensor error codes.
    static let highestErrorCode = 12.0

    /// The trend from `direction` and `trend`.
    ///
    /// Bridges write `trend` as a code 0–9 (share2nightscout-bridge), a numeric string,
    /// or a direction name (`"FortyFiveDown"`); `direction` is a name, and is read the
    /// same way when an uploader writes a code there. A real arrow
    /// wins over "no arrow": some uploaders write `direction: "NONE"` as a placeholder
    /// beside a computed `trend` (and the reverse), so `NONE` in one field yields to
    /// an arrow in the other. When both hold different arrows, `direction` wins: it is
    /// what Nightscout itself displays. A field that is present but unrecognised adds
    /// one `unknownTrend` issue unless the other field gives a trend.
    static func trend(_ record: inout RecordReader) -> GlucoseTrend {
        let direction = record.value("direction").map { parse(direction: $0) }
        let code = record.value("trend").map { parse(trend: $0) }
        let found = [direction, code].compactMap { $0 ?? nil }
        if let arrow = found.first(where: { $0 != GlucoseTrend.none }) { return arrow }
        if let first = found.first { return first }
        if direction != nil {
            record.warn(.unknownTrend, "direction is not a recognised Nightscout direction")
        } else if code != nil {
            record.warn(.unknownTrend, "trend is neither a code from 0 to 9 nor a direction name")
        }
        return .unknown
    }

    /// A `direction` value: a name, or a code as `trend` holds it; `nil` when unrecognised.
    static func parse(direction value: JSONValue) -> GlucoseTrend? {
        parse(trend: value)
    }

    /// A `trend` value: a code 0–9 as a number or a numeric string, or a direction
    /// name; `nil` when unrecognised.
    static func parse(trend value: JSONValue) -> GlucoseTrend? {
        switch value {
        case .number(let number): return NightscoutDirection.trend(code: number.doubleValue)
        case .string(let text):
            if let code = Int(text) {
                return NightscoutDirection.trend(code: Double(code))
            }
            return NightscoutDirection.trend(named: text)
        default: return nil
        }
    }

    static func meterGlucose(_ record: inout RecordReader) throws(SkippedRecord) -> CGMEvent {
        let time = try time(&record)
        guard record.value("mbg") != nil else { throw record.skip(.missingField, "mbg is missing") }
        guard let value = record.number("mbg").value, GlucoseValue.meterRangeMilligramsPerDeciliter.contains(value)
        else {
            throw record.skip(.invalidValue, "mbg is not a number a meter reads")
        }
        let id = RecordID(provider: .nightscout, nativeID: record.nativeID(type: "mbg", instant: time.instant))
        return CGMEvent(
            id: id, provider: .nightscout, time: time, kind: .bloodGlucose, subtype: "mbg",
            glucose: GlucoseValue(milligramsPerDeciliter: value), status: .created, device: record.deviceInfo)
    }
}
