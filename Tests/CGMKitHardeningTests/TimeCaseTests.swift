import CGMKit
import CGMKitDexcom
import CGMKitTesting
import Testing

/// Reliability G52–G59 end to end through the adapters. The parser tables (G52's
/// `Date(…)` table, G53's 80-vector ISO table) live beside their parsers in
/// ShareNormalizerTests and ISO8601TimestampTests; CI runs everything under five
/// time zones (G54).
@Suite("Time cases (G53, G55, G57–G59)")
struct TimeCaseTests {
    /// A v3 `/egvs` page of `(id, systemTime, displayTime)` records, value 120 each.
    static func egvs(_ records: [(String, String, String)]) -> [UInt8] {
        let body = records.map { id, system, display in
            #"{"recordId":"\#(id)","systemTime":"\#(system)","displayTime":"\#(display)","value":120,"#
                + #""status":null,"trend":"flat","unit":"mg/dL","rateUnit":"mg/dL/min"}"#
        }
        return Array(
            (#"{"recordType":"egv","recordVersion":"3.0","records":["# + body.joined(separator: ",") + "]}").utf8)
    }

    static func instant(_ text: String) -> CGMInstant? { ISO8601Timestamp(text)?.instantAssumingUTC }

    @Test(
        "G53: Dexcom's odd systemTime forms give the right instant; impossible ones cost only their record",
        arguments: [
            ("2021-02-03T14:15Z", "2021-02-03T14:15:00Z"), ("2021-02-03T14:15:16", "2021-02-03T14:15:16Z"),
            ("2001-02-03T14:15:16-06:59:58", "2001-02-03T21:15:14Z"),
            ("2021-02-03T14:15:16.5+05:45", "2021-02-03T08:30:16.5Z"),
            ("2021-02-30T00:00:00Z", nil), ("2024-01-15T24:00:00Z", nil), ("2024-12-31T23:59:60Z", nil),
        ] as [(String, String?)])
    func systemTimeForms(system: String, expected: String?) throws {
        let batch = try DexcomV3Normalizer().normalize(
            Self.egvs([
                ("good", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00"), ("odd", system, "2020-01-01T00:00:00"),
            ]))
        #expect(batch.readings.contains { $0.id.rawValue.hasSuffix(":good") })
        let odd = batch.readings.first { $0.id.rawValue.hasSuffix(":odd") }
        if let expected {
            #expect(odd?.time.instant == Self.instant(expected))
        } else {
            #expect(odd == nil)
            #expect(batch.issues.map(\.code) == [.invalidTimestamp])
        }
    }

    @Test(
        "G55: the US fall-back hour: two readings shown at 01:30, an hour apart, are both kept in order",
        arguments: [true, false])
    func fallBack(zoned: Bool) throws {
        let batch = try DexcomV3Normalizer().normalize(
            Self.egvs([
                ("second", "2024-11-03T06:30:00Z", zoned ? "2024-11-03T01:30:00-05:00" : "2024-11-03T01:30:00"),
                ("first", "2024-11-03T05:30:00Z", zoned ? "2024-11-03T01:30:00-04:00" : "2024-11-03T01:30:00"),
            ]))
        #expect(batch.readings.map(\.id.rawValue) == ["dexcom_v3:first", "dexcom_v3:second"])
        #expect(batch.readings.map(\.time.utcOffsetMinutes) == [-240, -300])
        #expect(batch.readings.map { $0.time.displayTime?.iso8601 } == ["2024-11-03T01:30:00", "2024-11-03T01:30:00"])
        #expect(batch.issues.isEmpty)
    }

    @Test("G55: spring-forward: 01:55 then 03:00 local is five minutes, not a gap")
    func springForward() throws {
        let batch = try DexcomV3Normalizer().normalize(
            Self.egvs([
                ("a", "2024-03-10T06:55:00Z", "2024-03-10T01:55:00-05:00"),
                ("b", "2024-03-10T07:00:00Z", "2024-03-10T03:00:00-04:00"),
                ("c", "2024-03-10T07:05:00Z", "2024-03-10T03:05:00-04:00"),
            ]))
        #expect(batch.readings.count == 3)
        #expect(GlucoseSummary(readings: batch.readings).gaps.isEmpty)
        #expect(batch.readings.map(\.time.utcOffsetMinutes) == [-300, -240, -240])
    }

    @Test("G57: a receiver in Kathmandu (+05:45, zone-less display times) infers +05:45 exactly")
    func kathmanduReceiver() throws {
        let records = (0..<12).map { index -> (String, String, String) in
            let instant = CGMInstant(millisecondsSince1970: 1_705_298_400_000 + Int64(index) * 300_000)
            let display = instant.adding(milliseconds: 345 * 60_000).utcDateTime.iso8601
            return ("r\(index)", instant.rfc3339, display)
        }
        let batch = try DexcomV3Normalizer().normalize(Self.egvs(records))
        #expect(batch.readings.count == 12)
        #expect(batch.readings.allSatisfy { $0.time.utcOffsetMinutes == 345 })
        #expect(batch.readings.map { $0.time.displayTime?.iso8601 } == records.map { Optional($0.2) })
    }

    /// The expected inferred offset for a display clock `difference` ms ahead of UTC.
    static func expectedOffset(_ difference: Int64) -> Int? {
        let step: Int64 = 15 * 60_000
        let steps = (difference.magnitude + UInt64(step / 2)) / UInt64(step)
        let minutes = Int(steps) * 15 * (difference < 0 ? -1 : 1)
        return (-720...840).contains(minutes) ? minutes : nil
    }

    @Test(
        "G58: a device clock 3 days 5 minutes ahead: the instant is systemTime, no zone is invented, and the display clock is kept verbatim"
    )
    func clockDaysAhead() throws {
        let batch = try DexcomV3Normalizer().normalize(
            Self.egvs([
                ("a", "2024-01-15T06:00:00Z", "2024-01-18T06:05:00")
            ]))
        let reading = try #require(batch.readings.first)
        #expect(reading.time.instant == Self.instant("2024-01-15T06:00:00Z"))
        #expect(reading.time.utcOffsetMinutes == nil)
        let ahead =
            try #require(reading.time.displayTime).millisecondsSince1970AsUTC
            - reading.time.instant.millisecondsSince1970
        #expect(ahead == (72 * 60 + 5) * 60_000)
    }

    @Test(
        "G58 property: for 2,000 random clocks, display = instant + (display − instant) exactly, and the offset is the 15-minute snap when plausible"
    )
    func reconstructionProperty() throws {
        let random = SeededRandomSource(seed: 58)
        for index in 0..<2_000 {
            let system = 1_577_836_800_000 + Int64(random.next() % 315_360_000) * 1000  // 2020 … 2030, whole seconds
            let difference = (Int64(random.next() % 864_000) - 432_000) * 1000  // ±5 days, whole seconds
            let systemText = CGMInstant(millisecondsSince1970: system).rfc3339
            let displayText = CGMInstant(millisecondsSince1970: system + difference).utcDateTime.iso8601
            let batch = try DexcomV3Normalizer().normalize(Self.egvs([("r\(index)", systemText, displayText)]))
            let time = try #require(batch.readings.first?.time)
            #expect(time.instant.millisecondsSince1970 == system)
            #expect(time.displayTime?.millisecondsSince1970AsUTC == system + difference)
            #expect(time.utcOffsetMinutes == Self.expectedOffset(difference), "difference \(difference) ms")
        }
    }

    @Test("G59: a record 2 h in the future and one at 1970 are kept, and flagged by TimePlausibility")
    func implausibleTimesAreKeptAndFlagged() throws {
        let now = try #require(Self.instant("2024-01-15T12:00:00Z"))
        let v3 = try DexcomV3Normalizer().normalize(
            Self.egvs([
                ("future", "2024-01-15T14:00:00Z", "2024-01-15T14:00:00"),
                ("epoch", "1970-01-01T00:00:00Z", "1970-01-01T00:00:00"),
                ("now", "2024-01-15T12:00:00Z", "2024-01-15T12:00:00"),
                ("skewed", "2024-01-15T12:05:00Z", "2024-01-15T12:05:00"),
            ]))
        #expect(v3.readings.count == 4)
        let flagged = TimePlausibility.findings(in: v3, now: now)
        #expect(flagged.map(\.id.rawValue) == ["dexcom_v3:epoch", "dexcom_v3:future"])
        #expect(flagged.map(\.anomaly) == [.beforeCGMEra, .future])
        let share = try DexcomShareNormalizer().normalize(
            Array(
                #"[{"WT":"Date(-1000)","ST":"Date(-1000)","DT":"Date(-1000+0000)","Value":120,"Trend":"Flat"}]"#.utf8))
        #expect(share.readings.count == 1)
        #expect(TimePlausibility.findings(in: share, now: now).map(\.anomaly) == [.beforeCGMEra])
        #expect(CanaryCheck.leaks(in: flagged, canaries: ["epoch", "future", "1970"]).isEmpty)
    }
}
