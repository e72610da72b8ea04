import CGMKit
@_spi(Testing) import CGMKitDexcom
import CGMKitTesting
import Testing

@Suite("Dexcom Share normalization")
struct ShareNormalizerTests {
    /// The conformance suite of CGMKitTesting over every Share payload fixture:
    /// goldens, order, accounting, schema and leaks.
    static let conformance = AdapterConformance(
        normalizer: DexcomShareNormalizer(), fixtures: shareFixtures, goldens: shareGoldens)

    @Test("every payload fixture conforms (SPEC §7)", arguments: conformance.fixtureNames)
    func conforms(fixture: String) {
        for failure in Self.conformance.check(fixture: fixture) { Issue.record("\(failure)") }
    }

    @Test("the fixtures cover current, legacy and quirky payloads")
    func fixturesExist() {
        #expect(Self.conformance.fixtureNames.count >= 9)
    }

    /// (text, expected epoch milliseconds or nil for rejected, expected offset minutes)
    static let dateCases: [(String, Int64?, Int?)] = [
        ("Date(1745081013817)", 1_745_081_013_817, nil),
        ("Date(1745081013817-0400)", 1_745_081_013_817, -240),
        ("/Date(1426292016000-0700)/", 1_426_292_016_000, -420),
        ("/Date(1426767421178)/", 1_426_767_421_178, nil),
        ("Date(1725875745000+0100)", 1_725_875_745_000, 60),
        ("Date(1745081013817+0545)", 1_745_081_013_817, 345),
        ("Date(1638301612000+0000)", 1_638_301_612_000, 0),
        ("Date(1638301612000-0000)", 1_638_301_612_000, 0),
        ("Date(1745081013817+1400)", 1_745_081_013_817, 840),
        ("Date(1745081013817-1200)", 1_745_081_013_817, -720),
        ("Date(-1000)", -1000, nil),
        ("Date(0)", 0, nil),
        ("Date(1745081013817+2500)", nil, nil),
        ("Date(1745081013817+0160)", nil, nil),
        ("Date(1745081013817+04)", nil, nil),
        ("Date()", nil, nil),
        ("Date(99999999999999999999)", nil, nil),
        ("Date(1745081013817", nil, nil),
        ("/Date(1745081013817)", nil, nil),
        ("date(1745081013817)", nil, nil),
        ("1745081013817", nil, nil),
        ("Date(17450810 13817)", nil, nil),
        ("Date(0x10)", nil, nil),
        ("", nil, nil),
        ("/", nil, nil),
    ]

    @Test("Date(…) times parse exactly (G52)", arguments: dateCases)
    func parsesDates(text: String, milliseconds: Int64?, offset: Int?) {
        let parsed = ShareTimestamp(text)
        #expect(parsed?.instant.millisecondsSince1970 == milliseconds)
        #expect(parsed?.offsetMinutes == offset)
    }

    /// (Trend JSON, expected trend, whether an issue is expected)
    static let trendCases: [(String, GlucoseTrend, Bool)] = [
        (#""Flat""#, .flat, false), (#""flat""#, .flat, false), (#""FLAT""#, .flat, false),
        (#""DoubleUp""#, .doubleUp, false), (#""double_up""#, .doubleUp, false), (#""Double Up""#, .doubleUp, false),
        (#""NotComputable""#, .notComputable, false), (#""NOT COMPUTABLE""#, .notComputable, false),
        (#""RateOutOfRange""#, .rateOutOfRange, false), (#""RATE OUT OF RANGE""#, .rateOutOfRange, false),
        (#""None""#, GlucoseTrend.none, false), ("0", GlucoseTrend.none, false), ("1", .doubleUp, false),
        ("2", .singleUp, false),
        ("3", .fortyFiveUp, false), ("4", .flat, false), ("5", .fortyFiveDown, false), ("6", .singleDown, false),
        ("7", .doubleDown, false), ("8", .notComputable, false), ("9", .rateOutOfRange, false),
        ("10", .unknown, true), ("-1", .unknown, true), ("4.5", .unknown, true), (#""UpUp""#, .unknown, true),
        (#""""#, .unknown, true), ("true", .unknown, true), ("null", .unknown, false),
    ]

    @Test("trends: strings in any case or spacing, integers 0 to 9, else unknown with an issue", arguments: trendCases)
    func mapsTrends(trend json: String, expected: GlucoseTrend, issue: Bool) throws {
        let payload = #"[{"WT":"Date(1745081013817)","Value":120,"Trend":\#(json)}]"#
        let batch = try DexcomShareNormalizer().normalize(Array(payload.utf8))
        #expect(batch.readings.first?.trend == expected)
        #expect(batch.issues.map(\.code) == (issue ? [.unknownTrend] : []))
    }

    /// (Value, expected status, expected mg/dL)
    static let valueCases: [(String, ReadingStatus, Double?)] = [
        ("0", .unavailable, nil), ("5", .unavailable, nil), ("12", .unavailable, nil), ("12.5", .belowRange, 40),
        ("13", .belowRange, 40), ("38", .belowRange, 40), ("39", .belowRange, 40),
        ("40", .ok, 40), ("41", .ok, 41), ("399", .ok, 399), ("400", .ok, 400), ("401", .aboveRange, 400),
        ("402", .aboveRange, 400), ("600", .aboveRange, 400), (#""120""#, .ok, 120),
    ]

    @Test("values: 0–12 error codes, 13–39 LOW at 40, 401–600 HIGH at 400", arguments: valueCases)
    func classifiesValues(value: String, status: ReadingStatus, milligrams: Double?) throws {
        let payload = #"[{"WT":"Date(1745081013817)","Value":\#(value),"Trend":"Flat"}]"#
        let reading = try #require(try DexcomShareNormalizer().normalize(Array(payload.utf8)).readings.first)
        #expect(reading.status == status)
        #expect(reading.glucose?.milligramsPerDeciliter == milligrams)
        #expect(reading.trendRate == nil)
    }

    @Test(
        "a DT suffix is trusted within 60 s of the reading's time; beyond, utcOffset is inferred (SPEC §3.2)",
        arguments: [
            // DT milliseconds, suffix, expected display time, expected offset
            ("1773111600000", "+0000", "2026-03-10T03:00:00", -300 as Int?),
            ("1773111600000", "-0500", "2026-03-09T22:00:00", -600),
            ("1773129660000", "+0000", "2026-03-10T08:01:00", 0),
            ("1773129661000", "+0000", "2026-03-10T08:01:01", 0),
            ("1773129600000", "+0000", "2026-03-10T08:00:00", 0),
            ("1773129600000", "-0500", "2026-03-10T03:00:00", -300),
            ("1773161100000", "+0000", "2026-03-10T16:45:00", 525),
            ("1773000000000", "+0000", "2026-03-08T20:00:00", nil),
        ] as [(String, String, String, Int?)])
    func legacyDisplayTime(milliseconds: String, suffix: String, display: String, offset: Int?) throws {
        let payload = Array(
            #"[{"DT":"\/Date(\#(milliseconds)\#(suffix))\/","ST":"\/Date(1773129600000)\/","WT":"\/Date(1773129600000)\/","Value":147,"Trend":4}]"#
                .utf8)
        for fastPath in [true, false] {
            let reading = try #require(
                try DexcomShareNormalizer(usesFastPath: fastPath).normalize(payload).readings.first)
            #expect(reading.time.displayTime?.iso8601 == display)
            #expect(reading.time.utcOffsetMinutes == offset)
        }
    }

    @Test("a phone and a watch uploading one reading seconds apart give one reading, on both paths")
    func phoneAndWatch() throws {
        let payload = Array(
            #"[{"WT":"Date(1773129609000)","Value":147,"Trend":null},{"WT":"Date(1773129600000)","DT":"Date(1773129600000-0500)","Value":147,"Trend":"Flat"},{"WT":"Date(1773129300000)","DT":"Date(1773129300000-0500)","Value":147,"Trend":"Flat"}]"#
                .utf8)
        for fastPath in [true, false] {
            let batch = try DexcomShareNormalizer(usesFastPath: fastPath).normalize(payload)
            #expect(batch.readings.map(\.id.rawValue) == ["dexcom:1773129300", "dexcom:1773129600"])
            #expect(batch.issues.isEmpty)
        }
    }

    @Test("copies within one second share an id: the richer is kept with no conflict issue, on both paths")
    func copiesWithinOneSecond() throws {
        let payload = Array(
            #"[{"WT":"Date(1773129600400)","Value":147,"Trend":null},{"WT":"Date(1773129600000)","DT":"Date(1773129600000-0500)","Value":147,"Trend":"Flat"},{"WT":"Date(1773129900000)","Value":150,"Trend":"Flat"},{"WT":"Date(1773129900500)","Value":151,"Trend":"Flat"}]"#
                .utf8)
        for fastPath in [true, false] {
            let batch = try DexcomShareNormalizer(usesFastPath: fastPath).normalize(payload)
            #expect(batch.readings.map(\.trend) == [.flat, .flat])
            #expect(batch.readings.first?.time.utcOffsetMinutes == -300)
            // A different value in the same second is no copy: the later one wins, reported.
            #expect(batch.readings.last?.glucose?.milligramsPerDeciliter == 151)
            #expect(batch.issues.map(\.code) == [.conflictingDuplicate])
            #expect(batch.issues.map(\.index) == [3])
        }
    }

    @Test(
        "values above 600 mg/dL are skipped with one invalidValue issue, on both paths",
        arguments: ["600.01", "601", "2500", "5474.51", "65536", "9223372036854775808"])
    func implausibleValues(value: String) throws {
        let payload = Array(
            #"[{"WT":"Date(1745081013817)","Value":\#(value),"Trend":"Flat"},{"WT":"Date(1745081313817)","Value":120,"Trend":"Flat"}]"#
                .utf8)
        for fastPath in [true, false] {
            let batch = try DexcomShareNormalizer(usesFastPath: fastPath).normalize(payload)
            #expect(batch.readings.map(\.glucose) == [GlucoseValue(milligramsPerDeciliter: 120)])
            #expect(batch.issues.map(\.code) == [.invalidValue])
            #expect(batch.issues.map(\.index) == [0])
        }
    }

    @Test("time is WT, else ST, else DT; the id is the epoch second; display time is DT shifted by its offset")
    func timeRules() throws {
        let payload =
            #"[{"WT":"Date(1745081013817)","ST":"Date(1745081000000)","DT":"Date(1745081013817-0400)","Value":100,"Trend":"Flat"},{"ST":"Date(1745081313000)","DT":"Date(1745081313000)","Value":101,"Trend":"Flat"}]"#
        let batch = try DexcomShareNormalizer().normalize(Array(payload.utf8))
        let first = try #require(batch.readings.first)
        #expect(first.id.rawValue == "dexcom:1745081013")
        #expect(first.time.instant.rfc3339 == "2025-04-19T16:43:33.817Z")
        #expect(first.time.displayTime?.iso8601 == "2025-04-19T12:43:33.817")
        #expect(first.time.utcOffsetMinutes == -240)
        let second = try #require(batch.readings.last)
        #expect(second.id.rawValue == "dexcom:1745081313")
        #expect(second.time.displayTime == nil)
        #expect(second.time.utcOffsetMinutes == nil)
    }

    @Test("a series crossing a DST change stays continuous at 5-minute spacing (G56)")
    func dstSeries() throws {
        let start: Int64 = 1_730_610_000_000  // 2024-11-03T05:00:00Z, 01:00 EDT
        let records = (0..<24).map { step -> String in
            let ms = start + Int64(step) * 300_000
            let offset = ms < 1_730_613_600_000 ? "-0400" : "-0500"
            return
                #"{"WT":"Date(\#(ms))","ST":"Date(\#(ms))","DT":"Date(\#(ms)\#(offset))","Value":\#(100 + step),"Trend":"Flat"}"#
        }
        let batch = try DexcomShareNormalizer().normalize(Array("[\(records.reversed().joined(separator: ","))]".utf8))
        #expect(batch.readings.count == 24)
        for (earlier, later) in zip(batch.readings, batch.readings.dropFirst()) {
            #expect(later.time.instant.millisecondsSince1970 - earlier.time.instant.millisecondsSince1970 == 300_000)
        }
        #expect(Set(batch.readings.compactMap(\.time.utcOffsetMinutes)) == [-240, -300])
        // Two readings show 01:30 on the wall clock, an hour apart: both are kept.
        #expect(batch.readings.filter { $0.time.displayTime?.iso8601 == "2024-11-03T01:30:00" }.count == 2)
    }

    @Test(
        "not a Share payload: objects, error bodies, login strings",
        arguments: [
            (#"{"Code":"SessionNotValid","Message":"x"}"#, CGMError.Code.vendorErrorBody),
            (#""55555555-5555-5555-5555-555555555555""#, .notAPayload),
            (#"{"records":[]}"#, .notAPayload),
            ("", .notAPayload),
            ("[1,]", .notAPayload),
        ])
    func rejects(payload: String, code: CGMError.Code) {
        do {
            _ = try DexcomShareNormalizer().normalize(Array(payload.utf8))
            Issue.record("accepted")
        } catch let error as CGMError {
            #expect(error.code == code)
        } catch {
            Issue.record("untyped error")
        }
    }
}
