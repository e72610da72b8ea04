@_spi(AdapterSupport) import CGMKit

/// What a decoded document is, as far as Dexcom v3 is concerned. Everything that is
/// not a v3 response is rejected here with a message that says what it is instead.
enum DexcomV3PayloadShape {
    case records([JSONValue], recordType: DexcomV3Endpoint?)
    case dataRange(JSONObject)

    static func classify(_ document: JSONValue) throws -> DexcomV3PayloadShape {
        guard let object = document.objectValue else {
            throw CGMError(
                code: .notAPayload,
                message: "expected a Dexcom v3 response object, found a JSON \(document.kindName)")
        }
        guard !object.hasDuplicateKeys else {
            throw CGMError(code: .notAPayload, message: "response object repeats a key; it is not trusted")
        }
        if let records = object["records"] {
            guard let array = records.arrayValue else {
                throw CGMError(code: .notAPayload, message: "records is not an array")
            }
            if let version = object["recordVersion"]?.stringValue, !version.hasPrefix("3") {
                throw CGMError(
                    code: .unsupportedPayloadVersion,
                    message: "recordVersion is not 3.x; CGMKit reads Dexcom API v3")
            }
            let recordType = object["recordType"]?.stringValue.flatMap(DexcomV3Endpoint.init(recordType:))
            return .records(array, recordType: recordType)
        }
        if object.contains("Code") {
            throw CGMError(code: .vendorErrorBody, message: "payload is a Dexcom Share error response, not data")
        }
        if object.contains("error") || object.contains("error_description") || object.contains("errors")
            || (object.contains("message") && object.members.count <= 3)
        {
            throw CGMError(code: .vendorErrorBody, message: "payload is an error response, not data")
        }
        if object["recordType"]?.stringValue == "dataRange" { return .dataRange(object) }
        if isVersion2(object) {
            throw CGMError(
                code: .unsupportedPayloadVersion,
                message:
                    "payload is a Dexcom API v2 response (top-level egvs/events/calibrations/devices array); CGMKit reads v3 responses with a records array"
            )
        }
        let parts = ["egvs", "calibrations", "events"]
        let isDataRange = parts.contains { key in
            guard let value = object[key] else { return false }
            return value.isNull || value.objectValue != nil
        }
        if isDataRange { return .dataRange(object) }
        throw CGMError(code: .notAPayload, message: "object has neither a records array nor data-range parts")
    }

    /// v2 responses put records in a top-level array named after the endpoint and
    /// units at the top level (`{"unit": "mg/dL", "rateUnit": …, "egvs": [ … ]}`).
    private static func isVersion2(_ object: JSONObject) -> Bool {
        for key in ["egvs", "events", "calibrations", "devices"] where object[key]?.arrayValue != nil {
            return true
        }
        return object.contains("rateUnit") && object.contains("unit")
    }

    /// The endpoint whose records these look like, from the first object's fields.
    static func inferEndpoint(_ records: [JSONValue]) -> DexcomV3Endpoint? {
        guard let first = records.lazy.compactMap(\.objectValue).first else {
            return records.isEmpty ? .egvs : nil
        }
        if first.contains("eventType") || first.contains("eventStatus") { return .events }
        if first.contains("alertName") || first.contains("alertState") { return .alerts }
        if first.contains("alertSchedules") || first.contains("lastUploadDate") { return .devices }
        if first.contains("trend") || first.contains("trendRate") || first.contains("rateUnit")
            || first.contains("status")
        {
            return .egvs
        }
        if first.contains("value") && first.contains("systemTime") { return .calibrations }
        return nil
    }
}
