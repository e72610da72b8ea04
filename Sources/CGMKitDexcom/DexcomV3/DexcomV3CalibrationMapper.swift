@_spi(AdapterSupport) import CGMKit

/// Maps one `/calibrations` record to a ``Calibration``.
enum DexcomV3CalibrationMapper {
    static func map(_ record: inout RecordReader) throws(SkippedRecord) -> Calibration {
        let id = try record.recordID()
        let time = try record.recordTime()
        let unit = try record.glucoseUnit()
        let glucose: GlucoseValue
        switch record.number("value") {
        case .absent: throw record.skip(.missingField, "value is missing")
        case .invalid: throw record.skip(.invalidValue, "value is not a finite number")
        case .value(let value):
            glucose = GlucoseValue(value, unit: unit)
            // Found by FuzzDexcomV3Calibrations: 0.6 mg/dL was kept and printed as 0 mmol/L.
            guard GlucoseValue.meterRangeMilligramsPerDeciliter.contains(glucose.milligramsPerDeciliter) else {
                throw record.skip(.invalidValue, "value is outside what a meter reads")
            }
        }
        return Calibration(id: id, provider: .dexcomV3, time: time, glucose: glucose, device: record.deviceInfo())
    }
}
