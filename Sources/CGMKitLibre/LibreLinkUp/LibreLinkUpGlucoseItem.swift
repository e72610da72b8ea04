@_spi(AdapterSupport) import CGMKit

/// Maps one LibreLinkUp `GlucoseItem` (`glucoseMeasurement`, `glucoseItem`, a `graphData`
/// point or a logbook entry) to a reading, per SPEC §8 (fact sheet `librelinkup.md` §2.2).
///
/// - `time` = `FactoryTimestamp` read as UTC; missing → the record is skipped with
///   `missingField`, unreadable → `invalidTimestamp`.
/// - `displayTime` = `Timestamp` (the patient phone's wall clock); `utcOffset` inferred by
///   SPEC §3.3 (nearest 15 minutes, −720…+840). An unreadable `Timestamp` loses both, with
///   an `invalidTimestamp` warning; the reading is kept.
/// - `value` = `ValueInMgPerDl`. Only when it is absent, `Value` in the uploader's unit:
///   `GlucoseUnits` 1 mg/dL, 0 mmol/L (× 18, Abbott's factor, rounded to 0.1 mg/dL).
/// - `isLow: true` → `belowRange` at 40 mg/dL, `isHigh: true` → `aboveRange` at 500 mg/dL
///   (Libre's LO/HI limits); otherwise `ok`. A value above 600 mg/dL or not above 0 is
///   skipped with `invalidValue` (SPEC §2.2).
/// - `TrendArrow` by ``LibreLinkUpTrendArrow``; absent → `unknown` with no issue.
/// - `id` = `librelinkup:<FactoryTimestamp epoch seconds>`.
enum LibreLinkUpGlucoseItem {
    /// Libre's LO limit: the reader shows `LO` below 40 mg/dL (2.2 mmol/L).
    static let lowLimit = 40.0
    /// Libre's HI limit: the reader shows `HI` above 500 mg/dL (27.8 mmol/L) outside the US.
    static let highLimit = 500.0
    /// Abbott converts with 18, not 18.01559: `Value` = round(`ValueInMgPerDl` / 18, 1)
    /// (fact sheet §2.5, 115 of 115 captured pairs).
    static let abbottMillimolarFactor = 18.0

    /// The record's time, or the one issue that skips it.
    static func time(_ record: inout RecordReader) throws(SkippedRecord) -> RecordTime {
        let instant: CGMInstant
        switch record.timestamp("FactoryTimestamp", LibreLinkUpTimestamp.parse) {
        case .absent: throw record.skip(.missingField, "FactoryTimestamp is missing")
        case .invalid: throw record.skip(.invalidTimestamp, "FactoryTimestamp is not M/d/yyyy h:mm:ss AM|PM")
        case .value(let utc): instant = utc.instant(offsetSeconds: 0)
        }
        var time = RecordTime(instant: instant)
        switch record.timestamp("Timestamp", LibreLinkUpTimestamp.parse) {
        case .absent: break
        case .invalid: record.warn(.invalidTimestamp, "Timestamp is not M/d/yyyy h:mm:ss AM|PM")
        case .value(let wallClock):
            time.displayTime = wallClock
            time.utcOffsetMinutes = UTCOffsetInference.inferredOffsetMinutes(wallClock: wallClock, instant: instant)
        }
        return time
    }

    /// The record's id: `librelinkup:<epoch seconds>`.
    static func id(_ time: RecordTime) -> RecordID {
        RecordID(provider: .libreLinkUp, nativeID: String(time.instant.secondsSince1970))
    }

    /// Whether the record carries a glucose value or a LO/HI flag.
    static func hasGlucose(_ record: RecordReader) -> Bool {
        record.value("ValueInMgPerDl") != nil || record.value("Value") != nil || flag("isLow", record) == true
            || flag("isHigh", record) == true
    }

    /// The reading of a record, or the one issue that skips it.
    static func reading(_ record: inout RecordReader, device: DeviceInfo?) throws(SkippedRecord) -> GlucoseReading {
        let time = try time(&record)
        return try reading(&record, time: time, device: device)
    }

    /// The reading of a record whose time is already read.
    static func reading(
        _ record: inout RecordReader, time: RecordTime, device: DeviceInfo?
    ) throws(SkippedRecord) -> GlucoseReading {
        let (status, glucose) = try classify(&record)
        return GlucoseReading(
            id: id(time), provider: .libreLinkUp, time: time, glucose: glucose, status: status,
            trend: trend(&record), trendRate: nil, device: device)
    }

    /// The status and value: the LO/HI flags first, then the mg/dL value.
    static func classify(_ record: inout RecordReader) throws(SkippedRecord) -> (ReadingStatus, GlucoseValue?) {
        let isLow = readFlag("isLow", &record)
        let isHigh = readFlag("isHigh", &record)
        switch (isLow, isHigh) {
        case (true, true): throw record.skip(.invalidValue, "isLow and isHigh are both true")
        case (true, false): return (.belowRange, GlucoseValue(milligramsPerDeciliter: lowLimit))
        case (false, true): return (.aboveRange, GlucoseValue(milligramsPerDeciliter: highLimit))
        case (false, false): break
        }
        let milligrams = try milligramsPerDeciliter(&record)
        guard milligrams > 0 else { throw record.skip(.invalidValue, "the glucose value is not above zero") }
        let value = GlucoseValue(milligramsPerDeciliter: milligrams)
        guard value.isMeasurable else {
            throw record.skip(.invalidValue, "the glucose value is above what any sensor or meter measures")
        }
        return (.ok, value)
    }

    /// `ValueInMgPerDl`, else `Value` in the unit `GlucoseUnits` names.
    static func milligramsPerDeciliter(_ record: inout RecordReader) throws(SkippedRecord) -> Double {
        switch record.number("ValueInMgPerDl") {
        case .value(let milligrams): return milligrams
        case .invalid: throw record.skip(.invalidValue, "ValueInMgPerDl is not a finite number")
        case .absent: break
        }
        let value: Double
        switch record.number("Value") {
        case .value(let number): value = number
        case .invalid: throw record.skip(.invalidValue, "Value is not a finite number")
        case .absent: throw record.skip(.missingField, "ValueInMgPerDl and Value are missing")
        }
        switch record.number("GlucoseUnits") {
        case .value(1): return value
        case .value(0): return DecimalRounding.round(value * abbottMillimolarFactor, places: 1)
        case .absent: throw record.skip(.missingField, "GlucoseUnits is missing, so the unit of Value is unknown")
        default: throw record.skip(.invalidValue, "GlucoseUnits is not 0 (mmol/L) or 1 (mg/dL)")
        }
    }

    /// The trend of `TrendArrow`; absent (every `graphData` point) is `unknown` with no issue.
    static func trend(_ record: inout RecordReader) -> GlucoseTrend {
        switch record.value("TrendArrow") {
        case nil:
            return .unknown
        case .number(let number)?:
            if let trend = LibreLinkUpTrendArrow.trend(code: number.doubleValue) { return trend }
            record.warn(.unknownTrend, "TrendArrow is not a code from 0 to 5")
        default:
            record.warn(.unknownTrend, "TrendArrow is not a number")
        }
        return .unknown
    }

    /// A boolean flag: `nil` when absent, or not a boolean.
    static func flag(_ key: String, _ record: RecordReader) -> Bool? {
        if case .bool(let flag)? = record.value(key) { return flag }
        return nil
    }

    /// A boolean flag; absent is `false`, another type is `false` with an `invalidValue` warning.
    static func readFlag(_ key: String, _ record: inout RecordReader) -> Bool {
        switch record.value(key) {
        case nil: return false
        case .bool(let flag)?: return flag
        default:
            record.warn(.invalidValue, "\(key) is not a boolean")
            return false
        }
    }
}
