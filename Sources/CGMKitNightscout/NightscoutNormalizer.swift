import CGMKit

/// Normalizes Nightscout v1 API responses (`nightscout`): `/api/v1/entries.json`
/// and `/api/v1/treatments.json`, or a mix of both.
///
/// A payload is a JSON array. Each object is read by its own shape: one with an
/// `eventType` (or a `created_at` and no `type`) is a treatment
/// (`NightscoutTreatmentMapper` rules), any other an entry
/// (`NightscoutEntryMapper` rules). Nightscout's own error body
/// (`{"status": 401, "message": …}`) is a vendor error, not data.
///
/// Ids are `nightscout:<_id>`; events split from one treatment add `#<part>`.
public struct NightscoutNormalizer: PayloadNormalizer {
    /// `nightscout`.
    public let provider: ProviderID = .nightscout
    /// The JSON reader, with its limits.
    public var reader: JSONReader

    /// Creates a normalizer.
    public init(reader: JSONReader = JSONReader()) {
        self.reader = reader
    }

    /// Normalizes one response body.
    public func normalize(_ payload: [UInt8]) throws -> CGMBatch {
        try normalize(try reader.readPayload(payload))
    }

    /// Normalizes an already parsed response.
    public func normalize(_ document: JSONValue) throws -> CGMBatch {
        guard let elements = document.arrayValue else {
            if let object = document.objectValue, object["status"]?.numberValue != nil, object.contains("message") {
                throw CGMError(code: .vendorErrorBody, message: "payload is a Nightscout error response, not data",
                               httpStatus: object["status"]?.numberValue.flatMap { Int(exactly: $0.doubleValue) })
            }
            throw CGMError(code: .notAPayload,
                           message: "expected a Nightscout array of entries or treatments, found a JSON \(document.kindName)")
        }
        var assembler = BatchAssembler(provider: provider)
        for (index, element) in elements.enumerated() {
            guard let object = assembler.recordObject(element, at: index) else { continue }
            var record = NightscoutRecord(object: object, index: index)
            do {
                if Self.isTreatment(object) {
                    let events = try NightscoutTreatmentMapper.map(&record)
                    events.forEach { assembler.add($0, index: index) }
                } else {
                    switch try NightscoutEntryMapper.map(&record) {
                    case .reading(let reading): assembler.add(reading, index: index)
                    case .event(let event): assembler.add(event, index: index)
                    }
                }
                record.warnings.forEach { assembler.add($0) }
            } catch {
                assembler.add(error.issue)
            }
        }
        return assembler.makeBatch()
    }

    static func isTreatment(_ object: JSONObject) -> Bool {
        object.contains("eventType") || (object.contains("created_at") && !object.contains("type") && !object.contains("sgv"))
    }
}
