@_spi(AdapterSupport) import CGMKit

/// The fast path for the response this library reads most: a clean `/egvs` page.
///
/// It walks the bytes once with a `JSONScanner` and builds readings directly, with
/// no JSON tree and no per-field `String`. It covers only the common, clean shape:
/// - a top-level object whose keys are among `recordType` (exactly `"egv"`),
///   `recordVersion` (3.x), `userId` and `records`;
/// - records that are objects of known EGV fields, each at most once;
/// - plain ASCII strings, numbers or `null` where ``DexcomV3EGVMapper`` expects them;
/// - times that parse, and units, statuses and trends of ``DexcomV3Vocabulary``.
///
/// Those are exactly the records that the general path keeps without a warning.
/// For anything else it answers `nil`, and the caller runs the general path, which
/// handles and reports every case. Its output equals the general path's: the tests
/// compare the two on every fixture, every sandbox user, and thousands of mutated
/// payloads.
enum DexcomV3FastEGVDecoder {
    static func decode(_ payload: [UInt8], limits: JSONReaderLimits) -> CGMBatch? {
        guard payload.count <= limits.maximumDocumentBytes else { return nil }
        return payload.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer, limits: limits)
            return decodeDocument(&scanner, limits: limits)
        }
    }

    // MARK: - Document

    private static func decodeDocument(_ scanner: inout JSONScanner, limits: JSONReaderLimits) -> CGMBatch? {
        guard scanner.consume(0x7B) else { return nil }  // {
        var seen: UInt8 = 0
        var records = BatchAssembler(provider: .dexcomV3)
        var sawRecords = false
        var first = true
        while !scanner.consume(0x7D) {  // }
            if !first { guard scanner.consume(0x2C) else { return nil } }
            first = false
            guard let key = scanner.plainString(), scanner.consume(0x3A) else { return nil }
            let bit: UInt8
            if scanner.equals(key, "recordType") {
                bit = 1
                guard let value = scanner.plainString(), scanner.equals(value, "egv") else { return nil }
            } else if scanner.equals(key, "recordVersion") {
                bit = 2
                guard let value = scanner.plainString(), !value.isEmpty, scanner.bytes[value.lowerBound] == 0x33 else {
                    return nil
                }
            } else if scanner.equals(key, "userId") {
                bit = 4
                guard scanner.plainString() != nil else { return nil }
            } else if scanner.equals(key, "records") {
                bit = 8
                guard decodeRecords(&scanner, into: &records, limits: limits) else { return nil }
                sawRecords = true
            } else {
                return nil
            }
            guard seen & bit == 0 else { return nil }
            seen |= bit
        }
        // The record type must be stated: without it the general path infers it.
        guard seen & 1 != 0, sawRecords, scanner.finish() else { return nil }
        return records.makeBatch()
    }

    /// Adds every record of the `records` array; `false` to fall back.
    ///
    /// Near the reader's array and value limits it falls back too, so that the general
    /// path decides exactly: a document has at most 5 values outside the records and
    /// a record at most 16 (itself and its 15 fields), so only that many records are
    /// certainly within both limits.
    private static func decodeRecords(
        _ scanner: inout JSONScanner, into records: inout BatchAssembler,
        limits: JSONReaderLimits
    ) -> Bool {
        guard scanner.consume(0x5B) else { return false }  // [
        // A record is about 350 bytes; reserving avoids regrowing the storage.
        records.reserveCapacity(keyedReadings: scanner.bytes.count / 320)
        if scanner.consume(0x5D) { return true }
        let recordLimit = min(limits.maximumArrayElements, (limits.maximumValues - 5) / 16)
        var index = 0
        var devices = DeviceCache()
        repeat {
            guard index < recordLimit,
                decodeRecord(&scanner, devices: &devices, into: &records, index: index)
            else { return false }
            index += 1
        } while scanner.consume(0x2C)
        return scanner.consume(0x5D)
    }

    // MARK: - Record

    /// Field bits, to refuse a repeated key as the general path does.
    private enum Field: UInt16 {
        case recordId = 1
        case systemTime = 2
        case displayTime = 4
        case transmitterId = 8
        case transmitterTicks = 16
        case value = 32
        case status = 64
        case trend = 128
        case trendRate = 256
        case unit = 512
        case rateUnit = 1024
        case displayDevice = 2048
        case transmitterGeneration = 4096
        case transmitterGenerationVariant = 8192
        case displayApp = 16384
    }

    private static func field(_ key: Range<Int>, _ scanner: JSONScanner) -> Field? {
        switch key.count {
        case 4: return scanner.equals(key, "unit") ? .unit : nil
        case 5: return scanner.equals(key, "value") ? .value : scanner.equals(key, "trend") ? .trend : nil
        case 6: return scanner.equals(key, "status") ? .status : nil
        case 8: return scanner.equals(key, "recordId") ? .recordId : scanner.equals(key, "rateUnit") ? .rateUnit : nil
        case 9: return scanner.equals(key, "trendRate") ? .trendRate : nil
        case 10:
            return scanner.equals(key, "systemTime")
                ? .systemTime : scanner.equals(key, "displayApp") ? .displayApp : nil
        case 11: return scanner.equals(key, "displayTime") ? .displayTime : nil
        case 13:
            return scanner.equals(key, "transmitterId")
                ? .transmitterId
                : scanner.equals(key, "displayDevice") ? .displayDevice : nil
        case 16: return scanner.equals(key, "transmitterTicks") ? .transmitterTicks : nil
        case 21: return scanner.equals(key, "transmitterGeneration") ? .transmitterGeneration : nil
        case 28: return scanner.equals(key, "transmitterGenerationVariant") ? .transmitterGenerationVariant : nil
        default: return nil
        }
    }

    /// A string or `null` (`.some(nil)`); `nil` for anything else.
    private static func optionalString(_ scanner: inout JSONScanner) -> Range<Int>?? {
        if scanner.null() { return .some(nil) }
        guard let range = scanner.plainString() else { return nil }
        return .some(range)
    }

    /// A number or `null` (`.some(nil)`); `nil` for anything else.
    private static func optionalNumber(_ scanner: inout JSONScanner) -> Double?? {
        if scanner.null() { return .some(nil) }
        guard let value = scanner.number() else { return nil }
        return .some(value)
    }

    /// The device of the previous record and where its fields were: consecutive
    /// records nearly always share one, so it is reused instead of rebuilt.
    struct DeviceCache {
        typealias Ranges = (Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?)
        private var ranges: Ranges?
        private var info: DeviceInfo?

        mutating func info(_ new: Ranges, _ scanner: JSONScanner) -> DeviceInfo? {
            func same(_ left: Range<Int>?, _ right: Range<Int>?) -> Bool {
                switch (left, right) {
                case (nil, nil): true
                case (let left?, let right?): scanner.equals(left, right)
                default: false
                }
            }
            if let old = ranges, same(new.0, old.0), same(new.1, old.1), same(new.2, old.2), same(new.3, old.3),
                same(new.4, old.4)
            {
                return info
            }
            let built = DeviceInfo(
                generation: new.0.map(scanner.string), generationVariant: new.1.map(scanner.string),
                displayDevice: new.2.map(scanner.string), displayApp: new.3.map(scanner.string),
                transmitterID: new.4.map(scanner.string))
            ranges = new
            info = built.isEmpty ? nil : built
            return info
        }
    }

    /// Reads one record into `records`; `false` to fall back.
    private static func decodeRecord(
        _ scanner: inout JSONScanner, devices: inout DeviceCache,
        into records: inout BatchAssembler, index: Int
    ) -> Bool {
        guard scanner.consume(0x7B) else { return false }
        var seen: UInt16 = 0
        var recordID: Range<Int>?
        var systemTime: Range<Int>?
        var displayTime: Range<Int>?
        var value: Double?
        var status: Range<Int>?
        var trend: Range<Int>?
        var trendRate: Double?
        var unit: Range<Int>?
        var rateUnit: Range<Int>?
        var generation: Range<Int>?
        var variant: Range<Int>?
        var displayDevice: Range<Int>?
        var displayApp: Range<Int>?
        var transmitter: Range<Int>?
        var first = true
        while !scanner.consume(0x7D) {
            if !first { guard scanner.consume(0x2C) else { return false } }
            first = false
            guard let key = scanner.plainString(), scanner.consume(0x3A), let field = field(key, scanner),
                seen & field.rawValue == 0
            else { return false }
            seen |= field.rawValue
            switch field {
            case .recordId:
                guard let range = scanner.plainString() else { return false }
                recordID = range
            case .systemTime:
                guard let range = scanner.plainString() else { return false }
                systemTime = range
            case .displayTime:
                guard let range = optionalString(&scanner) else { return false }
                displayTime = range
            case .value:
                guard let number = optionalNumber(&scanner) else { return false }
                value = number
            case .status:
                guard let range = optionalString(&scanner) else { return false }
                status = range
            case .trend:
                guard let range = optionalString(&scanner) else { return false }
                trend = range
            case .trendRate:
                guard let number = optionalNumber(&scanner) else { return false }
                trendRate = number
            case .unit:
                guard let range = optionalString(&scanner) else { return false }
                unit = range
            case .rateUnit:
                guard let range = optionalString(&scanner) else { return false }
                rateUnit = range
            case .transmitterTicks: guard scanner.skipScalar() else { return false }
            case .transmitterGeneration:
                guard let range = optionalString(&scanner) else { return false }
                generation = range
            case .transmitterGenerationVariant:
                guard let range = optionalString(&scanner) else { return false }
                variant = range
            case .displayDevice:
                guard let range = optionalString(&scanner) else { return false }
                displayDevice = range
            case .displayApp:
                guard let range = optionalString(&scanner) else { return false }
                displayApp = range
            case .transmitterId:
                guard let range = optionalString(&scanner) else { return false }
                transmitter = range
            }
        }
        let info = devices.info((generation, variant, displayDevice, displayApp, transmitter), scanner)
        guard let recordID,
            let reading = reading(
                scanner, recordID: recordID, systemTime: systemTime, displayTime: displayTime, value: value,
                status: status,
                trend: trend, trendRate: trendRate, unit: unit, rateUnit: rateUnit, device: info)
        else { return false }
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(scanner.slice(recordID)))
        return records.add(reading, index: index, key: hasher.finalize())
    }

    // MARK: - Mapping (DexcomV3EGVMapper's rules for records it keeps without a warning)

    private static func reading(
        _ scanner: JSONScanner, recordID: Range<Int>, systemTime: Range<Int>?,
        displayTime: Range<Int>?, value: Double?, status: Range<Int>?, trend: Range<Int>?,
        trendRate: Double?, unit: Range<Int>?, rateUnit: Range<Int>?,
        device: DeviceInfo?
    ) -> GlucoseReading? {
        guard !recordID.isEmpty, let systemTime,
            let system = ISO8601Timestamp(utf8: scanner.slice(systemTime))
        else { return nil }
        let instant = system.instantAssumingUTC
        var time = RecordTime(instant: instant)
        if let displayTime {
            guard let display = ISO8601Timestamp(utf8: scanner.slice(displayTime)) else { return nil }
            time = RecordTime(
                instant: instant, displayTime: display.dateTime,
                utcOffsetMinutes: UTCOffsetInference.offsetMinutes(display: display, instant: instant))
        }
        var glucoseUnit = GlucoseUnit.milligramsPerDeciliter
        if let unit {
            guard
                let known = DexcomV3Vocabulary.meaning(
                    ofCaseInsensitive: unit, in: DexcomV3Vocabulary.glucoseUnits, scanner)
            else { return nil }
            glucoseUnit = known
        }
        var milligrams: Double?
        if let value {
            let glucose = GlucoseValue(value, unit: glucoseUnit)
            // Negative and implausible values skip the record with an issue: the general path reports them.
            guard value >= 0, glucose.isMeasurable else { return nil }
            milligrams = glucose.milligramsPerDeciliter
        }
        var token = DexcomV3Vocabulary.Status.none
        if let status {
            guard
                let known = DexcomV3Vocabulary.meaning(
                    ofCaseInsensitive: status, in: DexcomV3Vocabulary.statuses, scanner)
            else { return nil }
            token = known
        }
        let (readingStatus, glucose) = DexcomV3EGVMapper.classify(milligrams: milligrams, statusToken: token)
        var glucoseTrend = GlucoseTrend.unknown
        if let trend {
            guard let known = DexcomV3Vocabulary.meaning(of: trend, in: DexcomV3Vocabulary.trends, scanner) else {
                return nil
            }
            glucoseTrend = known
        }
        var rate: GlucoseRate?
        if let trendRate {
            var rateUnitValue = GlucoseUnit.milligramsPerDeciliter
            if let rateUnit {
                guard
                    let known = DexcomV3Vocabulary.meaning(
                        ofCaseInsensitive: rateUnit, in: DexcomV3Vocabulary.rateUnits, scanner)
                else { return nil }
                rateUnitValue = known
            }
            rate = GlucoseRate(trendRate, unitPerMinute: rateUnitValue)
        }
        return GlucoseReading(
            id: RecordID(rawValue: scanner.string(recordID, prefixedBy: "dexcom_v3:")),
            provider: .dexcomV3, time: time, glucose: glucose, status: readingStatus,
            trend: glucoseTrend, trendRate: rate, device: device)
    }
}
