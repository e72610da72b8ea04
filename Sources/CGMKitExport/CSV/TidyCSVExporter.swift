import CGMKit

/// Writes a batch's sensor readings as tidy CSV for R and pandas: one row per
/// reading, one column per field of the unified schema (SPEC §10):
/// `id,time,displayTime,utcOffset,value,unit,status,trend,trendRate`.
///
/// Values are those of the unified JSON form (mg/dL, or mmol/L to 1 decimal; LOW/HIGH
/// carry the sensor's limit and `status` says so); an absent field is an empty cell
/// (R's `NA` with `na = ""`, pandas' `NaN`). Times are RFC 3339 UTC.
public struct TidyCSVExporter: Sendable {
    /// The header row's fields.
    public static let columns = [
        "id", "time", "displayTime", "utcOffset", "value", "unit", "status", "trend", "trendRate",
    ]

    /// The unit values are written in.
    public var unit: GlucoseUnit
    /// The mmol/L factor.
    public var conversion: GlucoseConversion

    /// Creates an exporter.
    public init(unit: GlucoseUnit = .milligramsPerDeciliter, conversion: GlucoseConversion = .standard) {
        self.unit = unit
        self.conversion = conversion
    }

    /// The CSV text as UTF-8 bytes.
    public func export(_ batch: CGMBatch) -> [UInt8] {
        var output = ""
        CSVText.row(Self.columns, into: &output)
        for reading in batch.readings {
            CSVText.row(
                [
                    reading.id.rawValue,
                    reading.time.instant.rfc3339,
                    reading.time.displayTime?.iso8601 ?? "",
                    reading.time.utcOffsetMinutes.map { String($0) } ?? "",
                    reading.glucose.map { CSVText.number($0.displayValue(in: unit, conversion: conversion)) } ?? "",
                    unit.symbol,
                    reading.status.rawValue,
                    reading.trend.rawValue,
                    reading.trendRate.map { CSVText.number($0.displayValue(in: unit, conversion: conversion)) } ?? "",
                ], into: &output)
        }
        return Array(output.utf8)
    }
}
