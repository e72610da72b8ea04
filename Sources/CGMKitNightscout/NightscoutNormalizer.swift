@_spi(AdapterSupport) import CGMKit

/// Normalizes Nightscout API responses (`nightscout`): API v1 `/api/v1/entries.json`
/// and `/api/v1/treatments.json` (a JSON array), API v3 `/api/v3/entries` and
/// `/api/v3/treatments` (the envelope `{"status": 200, "result": [...]}`, or one
/// document as `result`), or a mix of entries and treatments.
///
/// Each object is read by its own shape: one with an `eventType` (or a `created_at`
/// and no `type`) is a treatment (`NightscoutTreatmentMapper` rules), any other an
/// entry (`NightscoutEntryMapper` rules). API v3 documents carry `identifier`
/// (used as the id when there is no `_id`), `isValid` (`false`: soft-deleted),
/// `srvModified` and `app`. Nightscout's own error body (`{"status": 401,
/// "message": …}`, or a v3 envelope whose `status` is not 2xx) is a vendor error, not
/// data.
///
/// Ids are `nightscout:<_id>` (else `nightscout:<identifier>`); events split from one
/// treatment add `#<part>`. Readings relayed by two uploaders (different ids, the
/// same value and status, less than 30 seconds apart) are one reading
/// (``relayedCopies``, SPEC §2.1).
public struct NightscoutNormalizer: PayloadNormalizer {
    /// `nightscout`.
    public let provider: ProviderID = .nightscout
    /// The JSON reader, with its limits.
    public var reader: JSONReader

    /// Nightscout's `_id` is the uploader's, not the sensor's: copies of one reading
    /// from two uploaders less than 30 seconds apart are one reading (SPEC §2.1).
    public static let relayedCopies = RelayedCopyRule.uploaderRelayed

    /// Creates a normalizer.
    public init(reader: JSONReader = JSONReader()) {
        self.reader = reader
    }

    /// Normalizes one response body.
    ///
    /// - Throws: `CGMError` `notAPayload`, `vendorErrorBody` or `limitExceeded`.
    public func normalize(_ payload: [UInt8]) throws -> CGMBatch {
        try normalize(try reader.readPayload(payload))
    }

    /// The documents of a response: a v1 array, or the `result` of a v3 envelope.
    /// - Throws: `CGMError` `vendorErrorBody` for an error body, `notAPayload` for
    ///   anything else that is not an answer.
    public static func documents(of document: JSONValue) throws(CGMError) -> [JSONValue] {
        if let elements = document.arrayValue { return elements }
        guard let object = document.objectValue else {
            throw CGMError(
                code: .notAPayload,
                message: "expected a Nightscout array of entries or treatments, found a JSON \(document.kindName)")
        }
        let status = object["status"]?.numberValue.flatMap { Int(exactly: $0.doubleValue) }
        if object["status"]?.numberValue != nil, status.map({ !(200...299).contains($0) }) ?? true {
            throw CGMError(
                code: .vendorErrorBody, message: "payload is a Nightscout error response, not data",
                httpStatus: status)
        }
        switch object["result"] {
        case .array(let elements)?: return elements
        case .object?: return [object["result"] ?? .null]
        default:
            throw CGMError(
                code: .notAPayload,
                message: "expected a Nightscout array or an API v3 result, found a JSON object without one")
        }
    }

    /// Normalizes an already parsed response.
    ///
    /// - Throws: `CGMError` `notAPayload` or `vendorErrorBody` (see `documents(of:)`).
    public func normalize(_ document: JSONValue) throws -> CGMBatch {
        let elements = try Self.documents(of: document)
        var assembler = BatchAssembler(provider: provider, relayedCopies: Self.relayedCopies)
        for (index, element) in elements.enumerated() {
            guard let object = assembler.recordObject(element, at: index) else { continue }
            var record = RecordReader(object: object, index: index)
            do {
                if Self.isTreatment(object) {
                    let events = try NightscoutTreatmentMapper.map(&record)
                    for event in events { assembler.add(event, index: index) }
                } else {
                    switch try NightscoutEntryMapper.map(&record) {
                    case .reading(let reading): assembler.add(reading, index: index)
                    case .event(let event): assembler.add(event, index: index)
                    }
                }
                for issue in record.warnings { assembler.add(issue) }
            } catch {
                assembler.add(error.issue)
            }
        }
        return assembler.makeBatch()
    }

    static func isTreatment(_ object: JSONObject) -> Bool {
        object.contains("eventType")
            || (object.contains("created_at") && !object.contains("type") && !object.contains("sgv"))
    }
}
