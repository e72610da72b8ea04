@_spi(AdapterSupport) import CGMKit

extension ProviderID {
    /// `acme`: the made-up Acme CGM cloud of the adapter guide.
    public static let acme: ProviderID = "acme"
}

/// Normalizes Acme's `GET /v1/readings` answer:
/// `{"readings": [{"uuid": "…", "at": "2026-10-23T16:00:00+02:00", "mgdl": 123, "arrow": "up"}]}`.
///
/// `mgdl` 0 means "sensor error" (`unavailable`); `at` must carry a zone; `arrow` is
/// `up2`, `up`, `upSlight`, `flat`, `downSlight`, `down`, `down2` or absent.
public struct AcmeNormalizer: PayloadNormalizer {
    /// `acme`.
    public let provider: ProviderID = .acme

    /// Creates a normalizer.
    public init() {}

    /// Normalizes one response body.
    public func normalize(_ payload: [UInt8]) throws -> CGMBatch {
        guard let records = try JSONReader().readPayload(payload).objectValue?["readings"]?.arrayValue else {
            throw CGMError(code: .notAPayload, message: "expected an object with a readings array")
        }
        var assembler = BatchAssembler(provider: provider)
        for (index, element) in records.enumerated() {
            func report(_ code: NormalizationIssue.Code, _ message: String) {
                assembler.add(NormalizationIssue(index: index, code: code, message: message))
            }
            guard let record = element.objectValue, !record.hasDuplicateKeys else {
                report(.invalidRecord, "record is not an object with unique keys")
                continue
            }
            guard let uuid = record["uuid"]?.stringValue, !uuid.isEmpty else {
                report(.missingField, "uuid is missing")
                continue
            }
            guard let text = record["at"]?.stringValue, let stamp = ISO8601Timestamp(text),
                let offset = stamp.offsetSeconds
            else {
                report(.invalidTimestamp, "at is missing or has no zone")
                continue
            }
            // SPEC §2.2: no sensor measures above 600 mg/dL.
            guard let value = record["mgdl"]?.numberValue?.doubleValue, value >= 0,
                GlucoseValue(milligramsPerDeciliter: value).isMeasurable
            else {
                report(.invalidValue, "mgdl is not a number a sensor measures")
                continue
            }
            var time = RecordTime(instant: stamp.dateTime.instant(offsetSeconds: offset))
            time.displayTime = stamp.dateTime
            time.utcOffsetMinutes = stamp.offsetMinutesRounded
            let trend = Self.trends[record["arrow"]?.stringValue ?? ""] ?? .unknown
            if record["arrow"] != nil, trend == .unknown { report(.unknownTrend, "arrow is not an Acme arrow") }
            assembler.add(
                GlucoseReading(
                    id: RecordID(provider: provider, nativeID: uuid), provider: provider, time: time,
                    glucose: value == 0 ? nil : GlucoseValue(milligramsPerDeciliter: value),
                    status: value == 0 ? .unavailable : .ok, trend: trend, trendRate: nil), index: index)
        }
        return assembler.makeBatch()
    }

    static let trends: [String: GlucoseTrend] = [
        "up2": .doubleUp, "up": .singleUp, "upSlight": .fortyFiveUp, "flat": .flat,
        "downSlight": .fortyFiveDown, "down": .singleDown, "down2": .doubleDown,
    ]
}
