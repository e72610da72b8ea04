import CGMKit
import CGMKitTesting

/// The bundled JSON Schemas, loaded once per process; an immutable constant.
let schemaValidator: JSONSchemaValidator? = try? JSONSchemaValidator(documents: BundledSchemas.documents)

/// What every batch promises (SPEC §2, §7), whatever bytes it came from: records sorted
/// by time then id, ids unique per kind, output in both units that reads back as JSON
/// and, for batches of up to 64 records (schema validation is slow), validates against
/// `Schemas/batch.schema.json`.
func checkBatch(_ batch: CGMBatch) {
    let recordCount = batch.readings.count + batch.calibrations.count + batch.events.count + batch.alerts.count
    checkOrder(batch.readings, "readings")
    checkOrder(batch.calibrations, "calibrations")
    checkOrder(batch.events, "events")
    checkOrder(batch.alerts, "alerts")
    for unit in [GlucoseUnit.milligramsPerDeciliter, .millimolesPerLiter] {
        let bytes = BatchEncoder(unit: unit, layout: .compact).encode(batch)
        let document: JSONValue
        do {
            document = try JSONReader(limits: .unlimitedForChecks).read(bytes)
        } catch {
            require(false, "the encoded batch is not JSON: \(error)")
            return
        }
        guard recordCount <= 64 else { continue }
        guard let schemaValidator else {
            require(false, "the bundled schemas do not load")
            return
        }
        let violations = schemaValidator.validate(document, against: "batch.schema.json")
        require(violations.isEmpty, "the encoded batch breaks the schema: \(violations.prefix(3))")
    }
}

private func checkOrder<Record: TimedRecord>(_ records: [Record], _ kind: String) {
    require(Set(records.map(\.id)).count == records.count, "\(kind) repeat an id")
    for index in records.indices.dropFirst() {
        let earlier = records[index - 1]
        let later = records[index]
        let ordered =
            earlier.time.instant < later.time.instant
            || (earlier.time.instant == later.time.instant && earlier.id < later.id)
        require(ordered, "\(kind) are not sorted by time then id at \(index)")
    }
}

extension JSONReaderLimits {
    /// Output of the library itself is re-read without the input limits.
    static let unlimitedForChecks = JSONReaderLimits(
        maximumDocumentBytes: .max, maximumDepth: 512,
        maximumStringBytes: .max, maximumNumberBytes: 1024)
}
