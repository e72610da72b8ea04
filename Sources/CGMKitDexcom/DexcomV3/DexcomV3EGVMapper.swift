@_spi(AdapterSupport) import CGMKit

/// Maps one `/egvs` record to a ``GlucoseReading`` (SPEC §2.2).
///
/// Sentinels: `status: "low"` or a value below 40 mg/dL is ``ReadingStatus/belowRange``
/// at 40; `status: "high"` or a value above 400 is ``ReadingStatus/aboveRange`` at
/// 400; an explicit status wins over the value. `value: null` without an
/// out-of-range status is ``ReadingStatus/unavailable``. A value in mmol/L is
/// converted to mg/dL before it is classified. A value above 600 mg/dL, which no
/// sensor measures (a G7's first start has reported thousands), skips the record with
/// `invalidValue` whatever its status says (SPEC §2.2's plausibility bound).
enum DexcomV3EGVMapper {
    /// Dexcom's measuring range in mg/dL; 39 and 401 are its LOW and HIGH markers.
    static let lowerLimit = 40.0
    static let upperLimit = 400.0

    static func map(_ record: inout RecordReader) throws(SkippedRecord) -> GlucoseReading {
        let id = try record.recordID()
        let time = try record.recordTime()
        let unit = try record.glucoseUnit()

        var milligrams: Double?
        switch record.number("value") {
        case .absent: milligrams = nil
        case .invalid: throw record.skip(.invalidValue, "value is not a finite number")
        case .value(let value):
            guard value >= 0 else { throw record.skip(.invalidValue, "value is negative") }
            let glucose = GlucoseValue(value, unit: unit)
            guard glucose.isMeasurable else {
                throw record.skip(.invalidValue, "value is above what any sensor measures")
            }
            milligrams = glucose.milligramsPerDeciliter
        }

        let (status, glucose) = classify(milligrams: milligrams, statusToken: statusToken(&record))
        return GlucoseReading(
            id: id, provider: .dexcomV3, time: time, glucose: glucose, status: status,
            trend: trend(&record), trendRate: trendRate(&record), device: record.deviceInfo()
        )
    }

    /// The `status` token (``DexcomV3Vocabulary/statuses``); anything else warns and
    /// lets the value decide.
    static func statusToken(_ record: inout RecordReader) -> DexcomV3Vocabulary.Status {
        switch record.text("status") {
        case .absent:
            return .none
        case .invalid:
            record.warn(.unknownStatus, "status is not a string; the value decides")
            return .none
        case .value(let text):
            if let status = DexcomV3Vocabulary.status(text) { return status }
            record.warn(.unknownStatus, "status is not recognised; the value decides")
            return .none
        }
    }

    static func classify(
        milligrams: Double?, statusToken: DexcomV3Vocabulary.Status
    ) -> (ReadingStatus, GlucoseValue?) {
        switch statusToken {
        case .low: return (.belowRange, GlucoseValue(milligramsPerDeciliter: lowerLimit))
        case .high: return (.aboveRange, GlucoseValue(milligramsPerDeciliter: upperLimit))
        case .none: break
        }
        guard let milligrams else { return (.unavailable, nil) }
        if milligrams < lowerLimit { return (.belowRange, GlucoseValue(milligramsPerDeciliter: lowerLimit)) }
        if milligrams > upperLimit { return (.aboveRange, GlucoseValue(milligramsPerDeciliter: upperLimit)) }
        return (.ok, GlucoseValue(milligramsPerDeciliter: milligrams))
    }

    static func trend(_ record: inout RecordReader) -> GlucoseTrend {
        switch record.text("trend") {
        case .absent:
            return .unknown
        case .invalid:
            record.warn(.unknownTrend, "trend is not a string")
            return .unknown
        case .value(let text):
            if let trend = DexcomV3Vocabulary.trend(text) { return trend }
            record.warn(.unknownTrend, "trend is not a recognised Dexcom trend")
            return .unknown
        }
    }

    static func trendRate(_ record: inout RecordReader) -> GlucoseRate? {
        let rate: Double
        switch record.number("trendRate") {
        case .absent: return nil
        case .invalid:
            record.warn(.invalidValue, "trendRate is not a finite number")
            return nil
        case .value(let value): rate = value
        }
        guard let text = record.optionalString("rateUnit") else {
            return GlucoseRate(rate, unitPerMinute: .milligramsPerDeciliter)
        }
        guard let rateUnit = DexcomV3Vocabulary.rateUnit(text) else {
            record.warn(.invalidValue, "rateUnit is not recognised; trendRate is omitted")
            return nil
        }
        return GlucoseRate(rate, unitPerMinute: rateUnit)
    }
}
