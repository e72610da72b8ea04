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
    /// - Throws: ``CGMError`` ``CGMError/Code/invalidArgument`` when the identifier system is not an
    ///   absolute URI, or when the batch has no reading to export (the IG's Bundle needs an entry).
    public func export(_ batch: CGMBatch) throws(CGMError) -> [UInt8] {
        ByteJSONWriter.bytes(from: try bundle(for: batch), layout: options.layout,
                             capacity: 2_600 * min(batch.readings.count, 1_000_000) + 65_536) + [0x0A]
    }

    /// The Bundle as a JSON tree.
    ///
    /// - Throws: ``CGMError`` as ``export(_:)``.
    public func bundle(for batch: CGMBatch) throws(CGMError) -> JSONValue {
        guard FHIRExportOptions.isValidIdentifierSystem(options.identifierSystem) else {
            throw CGMError(code: .invalidArgument, message: "the identifier system is not an absolute URI")
        }
        var builder = FHIRResourceBuilder(options: options)
        var entries: [JSONValue] = []
        var deviceURLs: [String: String] = [:]
        for reading in batch.readings {
            guard let transmitter = reading.device?.transmitterID else { continue }
            let key = reading.provider.rawValue + ":transmitter:" + transmitter
            guard deviceURLs[key] == nil else { continue }
            let entry = builder.device(identifier: key, generation: reading.device?.generation)
            deviceURLs[key] = entry.fullUrl
            entries.append(entry.json)
        }
        var readingCount = 0
        for reading in batch.readings {
            if reading.status == .unavailable, options.unavailable == .omit { continue }
            let deviceURL = reading.device?.transmitterID.flatMap {
                deviceURLs[reading.provider.rawValue + ":transmitter:" + $0]
            }
            entries.append(builder.reading(reading, deviceURL: deviceURL))
            readingCount += 1
        }
        guard readingCount > 0 else {
            throw CGMError(code: .invalidArgument, message: "the batch has no sensor reading to export")
        }
        if options.includesSummary, let period = options.reportingPeriod ?? ReportingPeriod.covering(batch.readings),
           let figures = summaryFigures(of: batch.readings, over: period) {
            entries += builder.summary(figures, period: period, provider: batch.provider)
        }
        return JSON.object([
            ("resourceType", JSON.string("Bundle")),
            ("meta", JSON.object([("profile", .array([JSON.string(FHIRVocabulary.profile("cgm-data-submission-bundle"))]))])),
            ("type", JSON.string("transaction")),
            ("timestamp", JSON.string(options.timestamp.rfc3339)),
            ("entry", .array(entries)),
        ])
    }
}
