@_spi(AdapterSupport) import CGMKit

/// Normalizes Dexcom Web API v3 responses (`dexcom_v3`) into a unified `CGMBatch`.
///
/// Reads the response of every data endpoint (egvs, calibrations, events, alerts,
/// devices, dataRange), detected from the payload's shape, or as the endpoint the
/// caller names. It is total on untrusted bytes:
/// - bytes that are not a v3 response throw `CGMError` (`notAPayload`,
///   `vendorErrorBody`, `unsupportedPayloadVersion` for v2 shapes, `limitExceeded`);
/// - a record that cannot be normalized is skipped with exactly one
///   `NormalizationIssue` and every other record is kept.
///
/// ```swift
/// let batch = try DexcomV3Normalizer().normalize(responseBody)
/// for reading in batch.readings where reading.status == .belowRange { … }
/// ```
public struct DexcomV3Normalizer: PayloadNormalizer {
    /// `dexcom_v3`.
    public let provider: ProviderID = .dexcomV3
    /// The JSON reader, with its size and depth limits.
    public var reader: JSONReader
    /// Whether a clean `/egvs` page takes the byte-level fast path
    /// (`DexcomV3FastEGVDecoder`); its output is the same. Off only for tests and
    /// benchmarks that compare the two paths.
    @_spi(Testing) public var usesFastPath: Bool

    /// Creates a normalizer.
    public init(reader: JSONReader = JSONReader()) {
        self.init(reader: reader, usesFastPath: true)
    }

    /// Creates a normalizer that takes the fast path or not: for tests and benchmarks
    /// that compare the two paths.
    @_spi(Testing) public init(reader: JSONReader = JSONReader(), usesFastPath: Bool) {
        self.reader = reader
        self.usesFastPath = usesFastPath
    }

    /// Normalizes a response, detecting its endpoint from its shape.
    ///
    /// - Throws: `CGMError` `notAPayload`, `vendorErrorBody`, `unsupportedPayloadVersion` (a v2 shape) or `limitExceeded`.
    public func normalize(_ payload: [UInt8]) throws -> CGMBatch {
        try normalize(payload, endpoint: nil)
    }

    /// Normalizes a response of a known endpoint; with `nil`, the endpoint is
    /// detected from `recordType` and, failing that, from the records' fields.
    ///
    /// - Throws: `CGMError`, as `normalize(_:)`.
    public func normalize(_ payload: [UInt8], endpoint: DexcomV3Endpoint?) throws -> CGMBatch {
        if usesFastPath, endpoint == nil || endpoint == .egvs,
            let batch = DexcomV3FastEGVDecoder.decode(payload, limits: reader.limits)
        {
            return batch
        }
        let document = try reader.readPayload(payload)
        let shape = try DexcomV3PayloadShape.classify(document)
        var assembler = BatchAssembler(provider: provider)
        switch shape {
        case .dataRange(let object):
            var issues: [NormalizationIssue] = []
            assembler.setDataRange(DexcomV3DataRangeMapper.map(object, issues: &issues))
            for issue in issues { assembler.add(issue) }
        case .records(let records, let recordType):
            let resolved = endpoint ?? recordType ?? DexcomV3PayloadShape.inferEndpoint(records)
            guard let resolved else {
                throw CGMError(code: .notAPayload, message: "records are of an unknown Dexcom v3 type")
            }
            mapRecords(records, as: resolved, into: &assembler)
        }
        return assembler.makeBatch()
    }

    private func mapRecords(
        _ records: [JSONValue], as endpoint: DexcomV3Endpoint,
        into assembler: inout BatchAssembler
    ) {
        for (index, element) in records.enumerated() {
            guard let object = assembler.recordObject(element, at: index) else { continue }
            var record = RecordReader(object: object, index: index)
            do throws(SkippedRecord) {
                switch endpoint {
                case .egvs:
                    let reading = try DexcomV3EGVMapper.map(&record)
                    assembler.add(reading, from: record)
                case .calibrations:
                    let calibration = try DexcomV3CalibrationMapper.map(&record)
                    assembler.add(calibration, from: record)
                case .events:
                    let event = try DexcomV3EventMapper.map(&record)
                    assembler.add(event, from: record)
                case .alerts:
                    let alert = try DexcomV3AlertMapper.map(&record)
                    assembler.add(alert, from: record)
                case .devices:
                    let device = DexcomV3DeviceMapper.map(&record)
                    assembler.add(device, from: record)
                case .dataRange:
                    assembler.add(
                        NormalizationIssue(
                            index: index, code: .invalidRecord,
                            message: "a data range has no records"))
                }
            } catch {
                assembler.add(error.issue)
            }
        }
    }
}
