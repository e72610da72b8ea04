@_spi(AdapterSupport) import CGMKit

/// Normalizes Dexcom Share `ReadPublisherLatestGlucoseValues` responses (`dexcom`).
///
/// A response is a JSON array of `{"WT", "ST", "DT", "Value", "Trend"}`, newest first.
/// - `time` is WT, else ST, else DT (all UTC milliseconds); the id is
///   `dexcom:<time in whole epoch seconds>`.
/// - `displayTime` is DT's instant shifted by DT's offset, and `utcOffset` that offset;
///   a DT without an offset gives neither. When DT's milliseconds differ from `time`
///   by more than 60 seconds (legacy servers wrote the local wall clock with `+0000`),
///   the suffix is not trusted: `utcOffset` is inferred from the wall clock (SPEC §3.2,
///   §3.3).
/// - `Value` is mg/dL. 0–12 are Dexcom's sensor error codes (`unavailable`); 13–39 are
///   lows the Dexcom app shows as LOW (`belowRange` at 40: uploaders such as xDrip+
///   publish real lows below 39); 401–600 are HIGH (`aboveRange` at 400); above 600 no
///   sensor measures, so the record is skipped with `invalidValue` (SPEC §2.2).
/// - `Trend` is a string in any case or spacing, or an integer 0–9; anything else is
///   `unknown` with an `unknownTrend` issue. Share gives no rate.
/// - Copies of one reading uploaded twice (a phone and a watch, seconds apart) are
///   merged by ``relayedCopies`` (SPEC §2.1).
public struct DexcomShareNormalizer: PayloadNormalizer {
    /// `dexcom`.
    public let provider: ProviderID = .dexcomShare
    /// The JSON reader, with its limits.
    public var reader: JSONReader
    /// Whether a clean answer takes the byte-level fast path (`ShareFastDecoder`);
    /// its output is the same. Off only for tests and benchmarks that compare the two.
    @_spi(Testing) public var usesFastPath: Bool

    /// Share records carry no vendor identity and are uploaded by phones and watches:
    /// copies less than 30 seconds apart are one reading (SPEC §2.1).
    public static let relayedCopies = RelayedCopyRule.uploaderRelayed

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

    /// Normalizes one response body.
    ///
    /// - Throws: `CGMError` `notAPayload`, `vendorErrorBody` (Share's `{"Code": …}` body) or `limitExceeded`.
    public func normalize(_ payload: [UInt8]) throws -> CGMBatch {
        if usesFastPath, let batch = ShareFastDecoder.decode(payload, limits: reader.limits) { return batch }
        return try normalize(try reader.readPayload(payload))
    }

    /// Normalizes an already parsed response.
    ///
    /// - Throws: `CGMError` `notAPayload` or `vendorErrorBody`.
    public func normalize(_ document: JSONValue) throws -> CGMBatch {
        guard let records = document.arrayValue else {
            if let object = document.objectValue, object.contains("Code") {
                throw CGMError(
                    code: .vendorErrorBody, message: "payload is a Dexcom Share error response, not data",
                    vendorCode: object["Code"]?.stringValue)
            }
            throw CGMError(
                code: .notAPayload,
                message: "expected a Dexcom Share array of readings, found a JSON \(document.kindName)")
        }
        var assembler = BatchAssembler(provider: provider, relayedCopies: Self.relayedCopies)
        for (index, element) in records.enumerated() {
            guard let object = assembler.recordObject(element, at: index) else { continue }
            var record = RecordReader(object: object, index: index)
            do throws(SkippedRecord) {
                let reading = try Self.reading(&record)
                assembler.add(reading, from: record)
            } catch {
                assembler.add(error.issue)
            }
        }
        return assembler.makeBatch()
    }

    /// One reading, or the one issue that skips the record. The record's warnings
    /// collect the problems of a kept record; the caller discards them when the
    /// record is skipped.
    static func reading(_ record: inout RecordReader) throws(SkippedRecord) -> GlucoseReading {
        func timestamp(_ key: String, in record: inout RecordReader) -> ShareTimestamp? {
            switch record.timestamp(key, ShareTimestamp.init) {
            case .absent: return nil
            case .value(let parsed): return parsed
            case .invalid:
                record.warn(.invalidTimestamp, "\(key) is not a valid Date(…) time")
                return nil
            }
        }
        let wall = timestamp("WT", in: &record)
        let system = timestamp("ST", in: &record)
        let display = timestamp("DT", in: &record)
        guard let instant = (wall ?? system ?? display)?.instant else {
            throw record.skip(.invalidTimestamp, "WT, ST and DT are all missing or invalid")
        }
        let time = recordTime(instant: instant, display: display)

        let value: Double
        switch record.number("Value") {
        case .absent: throw record.skip(.missingField, "Value is missing")
        case .invalid: throw record.skip(.invalidValue, "Value is not a finite number")
        case .value(let number): value = number
        }
        guard value >= 0 else {
            throw record.skip(.invalidValue, "Value is negative")
        }
        guard let classified = classify(value) else {
            throw record.skip(.invalidValue, "Value is above what any sensor or meter measures")
        }
        let (status, glucose) = classified

        var trend = GlucoseTrend.unknown
        switch record.value("Trend") {
        case nil:
            break
        case .string(let token)?:
            if let mapped = ShareTrend.trend(named: token) {
                trend = mapped
            } else {
                record.warn(.unknownTrend, "Trend is not a recognised Share trend")
            }
        case .number(let number)?:
            if let mapped = ShareTrend.trend(code: number.doubleValue) {
                trend = mapped
            } else {
                record.warn(.unknownTrend, "Trend code is not 0 to 9")
            }
        default:
            record.warn(.unknownTrend, "Trend is neither a string nor a number")
        }

        return GlucoseReading(
            id: RecordID(provider: .dexcomShare, nativeID: String(instant.secondsSince1970)),
            provider: .dexcomShare, time: time,
            glucose: glucose, status: status, trend: trend, trendRate: nil)
    }

    /// The record's time: `instant`, and DT shifted by DT's offset as the display time
    /// when DT has one.
    ///
    /// A DT whose milliseconds are more than ``trustedDisplayDriftMilliseconds`` from
    /// `instant` is a legacy wall clock with an untrusted suffix (`+0000`): its display
    /// time is kept, and `utcOffset` is inferred by SPEC §3.3 (nearest 15 minutes,
    /// −720…+840) instead of taken from the suffix.
    static func recordTime(instant: CGMInstant, display: ShareTimestamp?) -> RecordTime {
        var time = RecordTime(instant: instant)
        if let display, let offset = display.offsetMinutes {
            let wallClock = display.instant.adding(milliseconds: Int64(offset) * 60_000).utcDateTime
            time.displayTime = wallClock
            let (drift, overflow) = display.instant.millisecondsSince1970
                .subtractingReportingOverflow(instant.millisecondsSince1970)
            if overflow || drift.magnitude > UInt64(trustedDisplayDriftMilliseconds) {
                time.utcOffsetMinutes = UTCOffsetInference.inferredOffsetMinutes(wallClock: wallClock, instant: instant)
            } else {
                time.utcOffsetMinutes = offset
            }
        }
        return time
    }

    /// How far DT's milliseconds may be from the reading's time for DT's suffix to be
    /// trusted as the offset (SPEC §3.2): 60 seconds.
    static let trustedDisplayDriftMilliseconds: Int64 = 60_000

    /// Values 0–12 are Dexcom's sensor error codes (Nightscout `lib/plugins/errorcodes.js`).
    static let highestErrorCode = 12.0

    /// A Share `Value` in mg/dL: 0–12 an error code (no value), 13–39 LOW at 40, 40–400
    /// a measurement, 401–600 HIGH at 400; `nil` above 600, which no device measures.
    static func classify(_ value: Double) -> (ReadingStatus, GlucoseValue?)? {
        guard GlucoseValue(milligramsPerDeciliter: value).isMeasurable else { return nil }
        switch value {
        case ...highestErrorCode: return (.unavailable, nil)
        case ..<40: return (.belowRange, GlucoseValue(milligramsPerDeciliter: 40))
        case ...400: return (.ok, GlucoseValue(milligramsPerDeciliter: value))
        default: return (.aboveRange, GlucoseValue(milligramsPerDeciliter: 400))
        }
    }
}
