@_spi(AdapterSupport) import CGMKit

/// The fast path for a clean Share read answer: an array of objects with `WT`, `ST`,
/// `DT` as `Date(…)` strings, `Value` a number and `Trend` a name or code, each key at
/// most once and no other key.
///
/// Those are exactly the records that ``DexcomShareNormalizer`` keeps without a
/// warning. It builds readings with the same rules and answers `nil` for anything
/// else, and the caller then runs the general path. The tests compare the two on
/// every fixture, every sandbox user, and thousands of mutated payloads.
enum ShareFastDecoder {
    static func decode(_ payload: [UInt8], limits: JSONReaderLimits) -> CGMBatch? {
        guard payload.count <= limits.maximumDocumentBytes else { return nil }
        return payload.withUnsafeBufferPointer { buffer -> CGMBatch? in
            var scanner = JSONScanner(buffer, limits: limits)
            guard scanner.consume(0x5B) else { return nil }  // [
            var readings = BatchAssembler(provider: .dexcomShare, relayedCopies: DexcomShareNormalizer.relayedCopies)
            readings.reserveCapacity(keyedReadings: buffer.count / 100)
            if !scanner.consume(0x5D) {
                // Near the reader's limits the general path decides exactly: the array
                // is one value and each record at most 6 (itself and 5 fields).
                let recordLimit = min(limits.maximumArrayElements, (limits.maximumValues - 1) / 6)
                var index = 0
                repeat {
                    guard index < recordLimit else { return nil }
                    // The id is the epoch second, so the second itself is the key.
                    guard let reading = decodeRecord(&scanner),
                        readings.add(
                            reading, index: index, key: Int(truncatingIfNeeded: reading.time.instant.secondsSince1970))
                    else { return nil }
                    index += 1
                } while scanner.consume(0x2C)
                guard scanner.consume(0x5D) else { return nil }
            }
            guard scanner.finish() else { return nil }
            return readings.makeBatch()
        }
    }

    private static func decodeRecord(_ scanner: inout JSONScanner) -> GlucoseReading? {
        guard scanner.consume(0x7B) else { return nil }
        var seen: UInt8 = 0
        var wall: ShareTimestamp?
        var system: ShareTimestamp?
        var display: ShareTimestamp?
        var value: Double?
        var trend = GlucoseTrend.unknown
        var wallText: Range<Int>?
        var first = true
        while !scanner.consume(0x7D) {
            if !first { guard scanner.consume(0x2C) else { return nil } }
            first = false
            guard let key = scanner.plainString(), scanner.consume(0x3A) else { return nil }
            let bit: UInt8
            if scanner.equals(key, "WT") {
                bit = 1
                guard let (time, text) = timestamp(&scanner, sameAs: nil, parsed: nil) else { return nil }
                (wall, wallText) = (time, text)
            } else if scanner.equals(key, "ST") {
                bit = 2
                // ST is nearly always WT's text again: compare instead of parsing twice.
                guard let (time, _) = timestamp(&scanner, sameAs: wallText, parsed: wall) else { return nil }
                system = time
            } else if scanner.equals(key, "DT") {
                bit = 4
                guard let (time, _) = timestamp(&scanner, sameAs: nil, parsed: nil) else { return nil }
                display = time
            } else if scanner.equals(key, "Value") {
                bit = 8
                guard let number = scanner.number(), number >= 0 else { return nil }
                value = number
            } else if scanner.equals(key, "Trend") {
                bit = 16
                guard let parsed = self.trend(&scanner) else { return nil }
                trend = parsed
            } else {
                return nil
            }
            guard seen & bit == 0 else { return nil }
            seen |= bit
        }
        guard let instant = (wall ?? system ?? display)?.instant, let value else { return nil }
        let time = DexcomShareNormalizer.recordTime(instant: instant, display: display)
        // An implausible value is skipped with an issue: the general path reports it.
        guard let classified = DexcomShareNormalizer.classify(value) else { return nil }
        let (status, glucose) = classified
        return GlucoseReading(
            id: recordID(seconds: instant.secondsSince1970),
            provider: .dexcomShare, time: time, glucose: glucose, status: status, trend: trend,
            trendRate: nil)
    }

    /// A `Date(…)` string and where its text is, or `null` (a `nil` time); `nil` for
    /// anything else. When the text equals `sameAs`, `parsed` is its value.
    private static func timestamp(
        _ scanner: inout JSONScanner, sameAs earlier: Range<Int>?,
        parsed: ShareTimestamp?
    ) -> (ShareTimestamp?, Range<Int>?)? {
        if scanner.null() { return (nil, nil) }
        guard let range = scanner.plainString() else { return nil }
        if let earlier, let parsed, scanner.equals(range, earlier) { return (parsed, range) }
        guard let time = ShareTimestamp(utf8: scanner.slice(range)) else { return nil }
        return (time, range)
    }

    /// A trend name or code, `null` as `unknown`; `nil` for anything the general
    /// path would warn about.
    private static func trend(_ scanner: inout JSONScanner) -> GlucoseTrend? {
        if scanner.null() { return .unknown }
        if let range = scanner.plainString() {
            // Share's own spelling, compared in place; any other spelling by the general rule.
            for name in ShareTrend.names where scanner.equals(range, name.token) { return name.trend }
            return ShareTrend.trend(named: scanner.string(range))
        }
        guard let code = scanner.number() else { return nil }
        return ShareTrend.trend(code: code)
    }

    /// `dexcom:<seconds>`, as `RecordID(provider: .dexcomShare, nativeID:)` writes it,
    /// in one allocation.
    static func recordID(seconds: Int64) -> RecordID {
        var magnitude = seconds.magnitude
        var digitCount = 1
        while magnitude >= 10 {
            magnitude /= 10
            digitCount += 1
        }
        let prefix: StaticString = "dexcom:"
        let signCount = seconds < 0 ? 1 : 0
        let count = prefix.utf8CodeUnitCount + signCount + digitCount
        let text = String(unsafeUninitializedCapacity: count) { buffer in
            for offset in 0..<prefix.utf8CodeUnitCount { buffer[offset] = prefix.utf8Start[offset] }
            if signCount == 1 { buffer[prefix.utf8CodeUnitCount] = 0x2D }
            var rest = seconds.magnitude
            for offset in stride(from: count - 1, through: count - digitCount, by: -1) {
                buffer[offset] = UInt8(truncatingIfNeeded: rest % 10) + 0x30
                rest /= 10
            }
            return count
        }
        return RecordID(rawValue: text)
    }
}
