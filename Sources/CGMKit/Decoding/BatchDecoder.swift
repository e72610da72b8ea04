/// Reads the unified JSON form (`cgmkit.batch.v1`, SPEC §2 and `Schemas/`) back into a
/// ``CGMBatch``: the inverse of ``BatchEncoder`` (SPEC §12).
///
/// The decoder is total on untrusted input: bytes that are not a batch give a typed
/// ``CGMError``, never a trap, and its messages name fields and positions, never
/// values. It is as strict as `Schemas/batch.schema.json`: every required key present,
/// no unknown or duplicate keys, instants in the canonical RFC 3339 form with `Z`,
/// closed vocabularies (status, trend, event type, issue code) as listed there.
///
/// Glucose values are read in the batch's unit and stored in mg/dL with
/// ``conversion``; encoding the result with the same unit and conversion gives the
/// same bytes (`encode → decode → encode` is the identity on encoder output).
///
/// ```swift
/// let decoded = try BatchDecoder().decode(bytes)
/// let again = BatchEncoder(unit: decoded.unit).encode(decoded.batch)   // == bytes
/// ```
public struct BatchDecoder: Sendable {
    /// Bounds for the JSON reader (default ``JSONReaderLimits/batch``: 64 MiB, 400,000
    /// records per array).
    public var limits: JSONReaderLimits
    /// The factor used to store mmol/L values in mg/dL; use the one the batch was encoded with.
    public var conversion: GlucoseConversion

    /// Creates a decoder.
    public init(limits: JSONReaderLimits = .batch, conversion: GlucoseConversion = .standard) {
        self.limits = limits
        self.conversion = conversion
    }

    /// Decodes UTF-8 JSON text.
    ///
    /// - Returns: the batch (glucose stored in mg/dL) and the unit its glucose values were written in.
    /// - Throws: `CGMError` with code `CGMError/Code/notAPayload` when the bytes are not JSON or
    ///   not a batch (a missing, unknown or duplicate key, a wrong type or vocabulary, glucose values in
    ///   both mg/dL and mmol/L), ``CGMError/Code/unsupportedPayloadVersion`` for a `schema` other than
    ///   `cgmkit.batch.v1`, ``CGMError/Code/limitExceeded`` when a reader limit is exceeded.
    public func decode(_ bytes: [UInt8]) throws(CGMError) -> DecodedBatch {
        let document = try JSONReader(limits: limits).readPayload(bytes)
        return try decode(document)
    }

    /// Decodes a parsed JSON document; the same rules as ``decode(_:)-([UInt8])``.
    ///
    /// - Throws: `CGMError` as `decode(_:)-([UInt8])`.
    public func decode(_ document: JSONValue) throws(CGMError) -> DecodedBatch {
        var context = BatchDecodingContext(conversion: conversion)
        let root = try BatchFields(document, path: "batch")
        let schema = try root.string("schema")
        guard schema == CGMBatch.schemaIdentifier else {
            throw CGMError(
                code: .unsupportedPayloadVersion,
                message: "batch schema is not \(CGMBatch.schemaIdentifier)")
        }
        try root.requireOnly([
            "schema", "provider", "readings", "calibrations", "events", "alerts", "devices",
            "dataRange", "issues",
        ])
        // Units first: every glucose value of the batch must be in one unit.
        context.unit = try BatchUnitScan.unit(of: root)
        var batch = CGMBatch(provider: try root.provider("provider"))
        batch.readings = try root.array("readings").enumerated().map { (index, element) throws(CGMError) in
            try context.reading(element, path: "readings[\(index)]")
        }
        batch.calibrations = try root.array("calibrations").enumerated().map { (index, element) throws(CGMError) in
            try context.calibration(element, path: "calibrations[\(index)]")
        }
        batch.events = try root.array("events").enumerated().map { (index, element) throws(CGMError) in
            try context.event(element, path: "events[\(index)]")
        }
        batch.alerts = try root.array("alerts").enumerated().map { (index, element) throws(CGMError) in
            try context.alert(element, path: "alerts[\(index)]")
        }
        batch.devices = try root.array("devices").enumerated().map { (index, element) throws(CGMError) in
            try context.device(element, path: "devices[\(index)]")
        }
        batch.dataRange = try root.nullable("dataRange").map { (value) throws(CGMError) in
            try context.dataRange(value, path: "dataRange")
        }
        batch.issues = try root.array("issues").enumerated().map { (index, element) throws(CGMError) in
            try context.issue(element, path: "issues[\(index)]")
        }
        // SPEC §2.1: a batch's records are unique by id.
        try Self.requireUniqueIDs(batch.readings.map(\.id), path: "readings")
        try Self.requireUniqueIDs(batch.calibrations.map(\.id), path: "calibrations")
        try Self.requireUniqueIDs(batch.events.map(\.id), path: "events")
        try Self.requireUniqueIDs(batch.alerts.map(\.id), path: "alerts")
        return DecodedBatch(batch: batch, unit: context.unit)
    }

    /// Fails on the first id that repeats an earlier one, naming its position, not the id.
    private static func requireUniqueIDs(_ ids: [RecordID], path: String) throws(CGMError) {
        var seen = Set<RecordID>()
        for (index, id) in ids.enumerated() where !seen.insert(id).inserted {
            throw BatchFields.failure("\(path)[\(index)].id repeats an earlier record's id")
        }
    }
}

/// Finds the one glucose unit of a batch: readings' and calibrations' `unit`, and
/// blood glucose events with a value in mg/dL or mmol/L.
enum BatchUnitScan {
    static func unit(of root: BatchFields) throws(CGMError) -> GlucoseUnit {
        var found: GlucoseUnit?
        func note(_ value: JSONValue?) throws(CGMError) {
            guard let symbol = value?.stringValue, let unit = GlucoseUnit(symbol: symbol) else { return }
            if let found, found != unit {
                throw CGMError(code: .notAPayload, message: "batch holds glucose values in both mg/dL and mmol/L")
            }
            found = unit
        }
        for key in ["readings", "calibrations"] {
            for element in root.object[key]?.arrayValue ?? [] { try note(element.objectValue?["unit"]) }
        }
        for element in root.object["events"]?.arrayValue ?? [] {
            guard let event = element.objectValue,
                let kind = event["type"]?.stringValue.flatMap(CGMEvent.Kind.init(rawValue:)), kind.carriesGlucose,
                event["value"]?.numberValue != nil
            else { continue }
            try note(event["unit"])
        }
        return found ?? .milligramsPerDeciliter
    }
}
