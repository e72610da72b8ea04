import CGMKit

/// Normalizes Dexcom Share `ReadPublisherLatestGlucoseValues` responses (`dexcom`).
///
/// A response is a JSON array of `{"WT", "ST", "DT", "Value", "Trend"}`, newest first.
/// - `time` is WT, else ST, else DT (all UTC milliseconds); the id is
///   `dexcom:<time in whole epoch seconds>`.
/// - `displayTime` is DT's instant shifted by DT's offset, and `utcOffset` that offset;
///   a DT without an offset gives neither.
/// - `Value` 39 is LOW (`belowRange` at 40), 401 and above HIGH (`aboveRange` at 400);
///   values below 39 are legacy sensor error codes (`unavailable`). Values are mg/dL.
/// - `Trend` is a string in any case or spacing, or an integer 0–9; anything else is
///   `unknown` with an `unknownTrend` issue. Share gives no rate.
public struct DexcomShareNormalizer: PayloadNormalizer {
    /// `dexcom`.
    public let provider: ProviderID = .dexcomShare
    /// The JSON reader, with its limits.
    public var reader: JSONReader
    /// Whether a clean answer takes the byte-level fast path (`ShareFastDecoder`);
    /// its output is the same. Off only for tests and benchmarks that compare the two.
    public var usesFastPath: Bool

    /// Creates a normalizer.
    public init(reader: JSONReader = JSONReader(), usesFastPath: Bool = true) {
        self.reader = reader
        self.usesFastPath = usesFastPath
    }

    /// Normalizes one response body.
    public func normalize(_ payload: [UInt8]) throws -> CGMBatch {
        if usesFastPath, let batch = ShareFastDecoder.decode(payload, limits: reader.limits) { return batch }
        return try normalize(try reader.readPayload(payload))
    }

    /// Normalizes an already parsed response.
    public func normalize(_ document: JSONValue) throws -> CGMBatch {
        guard let records = document.arrayValue else {
            if let object = document.objectValue, object.contains("Code") {
                throw CGMError(code: .vendorErrorBody, message: "payload is a Dexcom Share error response, not data",
                               vendorCode: object["Code"]?.stringValue)
            }
            throw CGMError(code: .notAPayload,
                           message: "expected a Dexcom Share array of readings, found a JSON \(document.kindName)")
        }
        var assembler = BatchAssembler(provider: provider)
        for (index, element) in records.enumerated() {
            guard let object = assembler.recordObject(element, at: index) else { continue }
            var warnings: [NormalizationIssue] = []
            switch Self.reading(object, index: index, warnings: &warnings) {
            case .success(let reading):
                warnings.forEach { assembler.add($0) }
                assembler.add(reading, index: index)
            case .failure(let skipped):
                assembler.add(skipped.issue)
            }
        }
        return assembler.makeBatch()
    }

    /// One reading, or the one issue that skips the record. `warnings` collects the
    /// problems of a kept record; the caller discards them when the record is skipped.
    static func reading(_ object: JSONObject, index: Int,
                        warnings: inout [NormalizationIssue]) -> Result<GlucoseReading, SkippedRecord> {
        func skip(_ code: NormalizationIssue.Code, _ message: String) -> Result<GlucoseReading, SkippedRecord> {
            .failure(SkippedRecord(issue: NormalizationIssue(index: index, code: code, message: message)))
        }
        func timestamp(_ key: String) -> ShareTimestamp? {
            guard let value = object[key], !value.isNull else { return nil }
            guard let text = value.stringValue, let parsed = ShareTimestamp(text) else {
                warnings.append(NormalizationIssue(index: index, code: .invalidTimestamp,
                                                   message: "\(key) is not a valid Date(…) time"))
                return nil
            }
            return parsed
        }
        let wall = timestamp("WT")
        let system = timestamp("ST")
        let display = timestamp("DT")
        guard let instant = (wall ?? system ?? display)?.instant else {
            return skip(.invalidTimestamp, "WT, ST and DT are all missing or invalid")
        }
        let time = recordTime(instant: instant, display: display)

        let value: Double
        switch object["Value"] {
        case nil, .null?:
            return skip(.missingField, "Value is missing")
        case .number(let number)? where number.doubleValue.isFinite:
            value = number.doubleValue
        case .string(let text)?:
            guard let parsed = DecimalText.parse(text) else {
                    return skip(.invalidValue, "Value is not a finite number")
            }
            value = parsed
        default:
            return skip(.invalidValue, "Value is not a finite number")
        }
        guard value >= 0 else {
            return skip(.invalidValue, "Value is negative")
        }
        let (status, glucose) = classify(value)

        var trend = GlucoseTrend.unknown
        switch object["Trend"] {
        case nil, .null?:
            break
        case .string(let token)?:
            if let mapped = ShareTrend.trend(named: token) { trend = mapped } else {
                warnings.append(NormalizationIssue(index: index, code: .unknownTrend, message: "Trend is not a recognised Share trend"))
            }
        case .number(let number)?:
            if let mapped = ShareTrend.trend(code: number.doubleValue) { trend = mapped } else {
                warnings.append(NormalizationIssue(index: index, code: .unknownTrend, message: "Trend code is not 0 to 9"))
            }
        default:
            warnings.append(NormalizationIssue(index: index, code: .unknownTrend, message: "Trend is neither a string nor a number"))
        }

        return .success(GlucoseReading(
            id: RecordID(provider: .dexcomShare, nativeID: String(instant.secondsSince1970)), provider: .dexcomShare, time: time,
            glucose: glucose, status: status, trend: trend, trendRate: nil))
    }

    /// The record's time: `instant`, and DT shifted by DT's offset as the display time
    /// when DT has one.
    static func recordTime(instant: CGMInstant, display: ShareTimestamp?) -> RecordTime {
        var time = RecordTime(instant: instant)
        if let display, let offset = display.offsetMinutes {
            time.displayTime = display.instant.adding(milliseconds: Int64(offset) * 60_000).utcDateTime
            time.utcOffsetMinutes = offset
        }
        return time
    }

    /// A Share `Value` in mg/dL: below 39 an error code (no value), 39 LOW at 40,
    /// above 400 HIGH at 400.
    static func classify(_ value: Double) -> (ReadingStatus, GlucoseValue?) {
        switch value {
        case ..<39: (.unavailable, nil)
        case ..<40: (.belowRange, GlucoseValue(milligramsPerDeciliter: 40))
        case ...400: (.ok, GlucoseValue(milligramsPerDeciliter: value))
        default: (.aboveRange, GlucoseValue(milligramsPerDeciliter: 400))
        }
    }
}
