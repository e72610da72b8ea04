import CGMKit

/// INTERIM: reads the readings of a `cgmkit.batch.v1` JSON batch for `cgm report`, until the
/// shared batch decoder (Sources/CGMKit/Decoding/, SPEC §12) merges. The lead replaces this
/// one file with a call to that decoder; nothing else depends on its internals.
///
/// It reads only what the report needs (`readings[].time`, `displayTime`, `utcOffset`,
/// `value`, `unit`, `status`, `id`, `provider`). A reading it cannot read is skipped and
/// counted; the document itself must be a batch object or it throws.
struct InterimBatchReader {
    /// Not a `cgmkit.batch.v1` batch. Carries no input text (it can hold PHI).
    struct NotABatch: Error {
        let message: String
    }

    struct Result {
        let provider: ProviderID?
        let readings: [GlucoseReading]
        let skipped: Int
    }

    /// - Throws: ``NotABatch`` when `bytes` are not JSON or not a batch object with a
    ///   `readings` array.
    func read(_ bytes: [UInt8]) throws(NotABatch) -> Result {
        let document: JSONValue
        do {
            document = try JSONReader().read(bytes)
        } catch {
            throw NotABatch(message: "the input is not JSON")
        }
        guard let object = document.objectValue, object["schema"]?.stringValue == CGMBatch.schemaIdentifier else {
            throw NotABatch(message: "the input is not a \(CGMBatch.schemaIdentifier) batch")
        }
        guard let items = object["readings"]?.arrayValue else {
            throw NotABatch(message: "the batch has no readings array")
        }
        var readings: [GlucoseReading] = []
        var skipped = 0
        for item in items {
            if let reading = Self.reading(item) { readings.append(reading) } else { skipped += 1 }
        }
        return Result(provider: object["provider"]?.stringValue.flatMap { ProviderID($0) }, readings: readings,
                      skipped: skipped)
    }

    private static func reading(_ value: JSONValue) -> GlucoseReading? {
        guard let record = value.objectValue,
              let id = record["id"]?.stringValue,
              let provider = record["provider"]?.stringValue.flatMap({ ProviderID($0) }),
              let timeText = record["time"]?.stringValue,
              let time = ISO8601Timestamp(timeText), let offset = time.offsetSeconds,
              let status = record["status"]?.stringValue.flatMap({ ReadingStatus(rawValue: $0) })
        else { return nil }
        let displayTime = record["displayTime"]?.stringValue.flatMap { ISO8601Timestamp($0) }?.dateTime
        var utcOffset: Int?
        if let number = record["utcOffset"]?.numberValue?.doubleValue {
            guard number.isFinite, abs(number) <= 18 * 60, number.rounded() == number else { return nil }
            utcOffset = Int(number)
        }
        var glucose: GlucoseValue?
        if let number = record["value"]?.numberValue?.doubleValue {
            guard number.isFinite, number > 0, number < 10_000,
                  let unit = record["unit"]?.stringValue.flatMap({ GlucoseUnit(symbol: $0) }) else { return nil }
            glucose = GlucoseValue(number, unit: unit)
        }
        if glucose == nil, status == .ok { return nil }
        let trend = record["trend"]?.stringValue.flatMap { GlucoseTrend(rawValue: $0) } ?? .unknown
        return GlucoseReading(id: RecordID(rawValue: id), provider: provider,
                              time: RecordTime(instant: time.dateTime.instant(offsetSeconds: offset),
                                               displayTime: displayTime, utcOffsetMinutes: utcOffset),
                              glucose: glucose, status: status, trend: trend)
    }
}
