import CGMKit

/// Writes a batch's sensor readings as Open mHealth `omh:blood-glucose:4.0` data
/// points: a JSON array of `{"header": …, "body": …}` (OMH `data-point-1.0` with
/// `header-1.2`; schemas at github.com/openmhealth/schemas, Apache-2.0, vendored under
/// Tests/CGMKitExportTests/OpenMHealthSchemas for validation).
///
/// - body: `blood_glucose` {value, unit `mg/dL` | `mmol/L`}, `effective_time_frame.date_time`
///   (UTC), `specimen_source` `interstitial fluid` (`specimen-source-2.1`).
/// - header: `id` a stable UUID of the reading id, `creation_date_time` the host's
///   timestamp, `acquisition_provenance` {`source_name` the provider, `source_data_point_id`
///   the reading id, `modality` `sensed`}.
///
/// Only readings with a measured value (`ok`) are written: the schema has no way to say
/// that a value is a sensor limit (LOW / HIGH) and no place for a missing one; trend
/// and rate have no field either. Docs/Export.md records this.
public struct OpenMHealthExporter: Sendable {
    /// The unit values are written in.
    public var unit: GlucoseUnit
    /// The mmol/L factor.
    public var conversion: GlucoseConversion
    /// The headers' `creation_date_time`: when the data points were made.
    public var creationTime: CGMInstant
    /// The text layout.
    public var layout: JSONWriter.Layout

    /// Creates an exporter.
    public init(
        unit: GlucoseUnit = .milligramsPerDeciliter, conversion: GlucoseConversion = .standard,
        creationTime: CGMInstant, layout: JSONWriter.Layout = .pretty
    ) {
        self.unit = unit
        self.conversion = conversion
        self.creationTime = creationTime
        self.layout = layout
    }

    /// The data points as UTF-8 JSON text (an array), ending with a newline.
    public func export(_ batch: CGMBatch) -> [UInt8] {
        var json = JSONStream(layout: layout, capacity: 700 * min(batch.readings.count, 1_000_000) + 1_024)
        json.value(dataPoints(for: batch))
        return json.finish()
    }

    /// The data points as a JSON array.
    public func dataPoints(for batch: CGMBatch) -> JSONValue {
        var uuids = UUIDAllocator()
        let schemaID = JSON.object([
            ("namespace", JSON.string("omh")), ("name", JSON.string("blood-glucose")),
            ("version", JSON.string("4.0")),
        ])
        let created = JSON.string(creationTime.rfc3339)
        let unitSymbol = JSON.string(unit.symbol)
        var points: [JSONValue] = []
        for reading in batch.readings where reading.status == .ok {
            guard let value = reading.glucose?.displayValue(in: unit, conversion: conversion) else { continue }
            let header = JSON.object([
                ("id", JSON.string(uuids.uuid(for: "omh|" + reading.id.rawValue))),
                ("creation_date_time", created),
                ("schema_id", schemaID),
                (
                    "acquisition_provenance",
                    JSON.object([
                        ("source_name", JSON.string(reading.provider.rawValue)),
                        ("source_data_point_id", JSON.string(reading.id.rawValue)),
                        ("modality", JSON.string("sensed")),
                    ])
                ),
            ])
            let body = JSON.object([
                ("blood_glucose", JSON.object([("value", JSON.number(value)), ("unit", unitSymbol)])),
                ("effective_time_frame", JSON.object([("date_time", JSON.string(reading.time.instant.rfc3339))])),
                ("specimen_source", JSON.string("interstitial fluid")),
            ])
            points.append(JSON.object([("header", header), ("body", body)]))
        }
        return .array(points)
    }
}
