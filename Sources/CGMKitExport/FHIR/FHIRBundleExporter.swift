import CGMKit

/// Writes a batch as an HL7 FHIR R4 `transaction` Bundle that conforms to the CGM
/// Implementation Guide 1.0.0 (STU1, `hl7.fhir.uv.cgm`): the CGM Data Submission
/// Bundle with the sensors (CGM Device), one CGM Sensor Reading Observation per
/// reading, and the CGM Summary with its six members for the reporting period.
///
/// Every mapping decision and its IG section is in Docs/Export.md. In short:
/// - readings: LOINC 99504-3 (mg/dL) or 105272-9 (mmol/L), `effectiveDateTime` in UTC,
///   category `laboratory`, `identifier` = the reading's id under the host's system,
///   conditional create (`ifNoneExist`) scoped to the subject;
/// - LOW / HIGH per ``FHIROutOfRangeEncoding``, `unavailable` per ``FHIRUnavailableEncoding``;
/// - trend, rate, calibrations, events, alerts and display devices have no place in
///   the IG and are not written.
///
/// Output is deterministic: `fullUrl`s are stable UUIDs derived from the identifiers.
public struct FHIRBundleExporter: Sendable {
    /// What the host chose.
    public var options: FHIRExportOptions

    /// Creates an exporter.
    public init(options: FHIRExportOptions) {
        self.options = options
    }

    /// The Bundle as UTF-8 JSON text, ending with a newline.
    ///
    /// - Throws: `CGMError` `CGMError.Code.invalidArgument` when the identifier system is not an
    ///   absolute URI, or when the batch has no reading to export (the IG's Bundle needs an entry).
    public func export(_ batch: CGMBatch) throws(CGMError) -> [UInt8] {
        guard FHIRExportOptions.isValidIdentifierSystem(options.identifierSystem) else {
            throw CGMError(code: .invalidArgument, message: "the identifier system is not an absolute URI")
        }
        let exported = batch.readings.filter { !($0.status == .unavailable && options.unavailable == .omit) }
        guard !exported.isEmpty else {
            throw CGMError(code: .invalidArgument, message: "the batch has no sensor reading to export")
        }
        var json = JSONStream(layout: options.layout, capacity: 2_600 * min(exported.count, 1_000_000) + 65_536)
        var builder = FHIRResourceBuilder(options: options)
        json.beginObject()
        json.member("resourceType", "Bundle")
        json.object("meta") { json in
            json.array("profile") { $0.string(FHIRVocabulary.profile("cgm-data-submission-bundle")) }
        }
        json.member("type", "transaction")
        json.member("timestamp", options.timestamp.rfc3339)
        json.key("entry")
        json.beginArray()
        // One Device per sensor (transmitter), in order of first appearance.
        var deviceURLs: [String: String] = [:]
        for reading in exported {
            guard let key = Self.deviceKey(reading), deviceURLs[key] == nil else { continue }
            deviceURLs[key] = builder.device(identifier: key, generation: reading.device?.generation, into: &json)
        }
        for reading in exported {
            builder.reading(reading, deviceURL: Self.deviceKey(reading).flatMap { deviceURLs[$0] }, into: &json)
        }
        if options.includesSummary, let period = options.reportingPeriod ?? ReportingPeriod.covering(batch.readings),
            let figures = summaryFigures(of: batch.readings, over: period)
        {
            builder.summary(figures, period: period, provider: batch.provider, into: &json)
        }
        json.endArray()
        json.endObject()
        return json.finish()
    }

    /// The Bundle as a JSON tree (the text of ``export(_:)`` read back).
    ///
    /// - Throws: `CGMError` as ``export(_:)``.
    public func bundle(for batch: CGMBatch) throws(CGMError) -> JSONValue {
        let bytes = try export(batch)
        let limits = JSONReaderLimits(
            maximumDocumentBytes: bytes.count, maximumDepth: 64, maximumStringBytes: 1 << 20,
            maximumNumberBytes: 64, maximumArrayElements: 1 << 40, maximumValues: 1 << 40)
        do {
            return try JSONReader(limits: limits).read(bytes)
        } catch {
            throw CGMError(code: .unexpectedResponse, message: "the exported Bundle does not read back", cause: error)
        }
    }

    /// `<provider>:transmitter:<id>`: a sensor's identifier value, or `nil` without a transmitter.
    private static func deviceKey(_ reading: GlucoseReading) -> String? {
        reading.device?.transmitterID.map { reading.provider.rawValue + ":transmitter:" + $0 }
    }
}
