import CGMKit
import CGMKitNightscout
import CGMKitTesting
import Testing

/// Recorded-shape `/api/v1/entries.json` and `/api/v1/treatments.json` responses.
let payloads = FixtureDirectory(relativeTo: #filePath, path: "Fixtures/payloads")
/// Expected unified output of each payload, per unit.
let goldens = FixtureDirectory(relativeTo: #filePath, path: "Goldens")

@Suite("Nightscout normalization")
struct NightscoutNormalizerTests {
    /// The same conformance suite the Dexcom adapters run, keyed by Nightscout's `_id`
    /// (API v3: `identifier`), with API v3's documents under `result`.
    static let conformance = AdapterConformance(
        normalizer: NightscoutNormalizer(), fixtures: payloads, goldens: goldens,
        vendorRecords: AdapterConformance.records(idKeys: ["_id", "identifier"], arrayKeys: ["result"]),
        canaries: ["CANARY-DEVICE-7F3A", "CANARY-NOTE-91B2"])

    @Test("every payload fixture conforms (SPEC §7)", arguments: conformance.fixtureNames)
    func conforms(fixture: String) {
        for failure in Self.conformance.check(fixture: fixture) { Issue.record("\(failure)") }
    }

    @Test("fixtures cover xDrip, the Share bridge, Loop with Libre, mixed types and treatments")
    func fixturesExist() {
        #expect(Self.conformance.fixtureNames.count >= 6)
    }

    static func reading(_ members: String) throws -> (GlucoseReading?, [NormalizationIssue]) {
        let batch = try NightscoutNormalizer().normalize(
            Array(
                #"[{"_id":"e1","type":"sgv","date":1792771200000,\#(members)}]"#.utf8))
        return (batch.readings.first, batch.issues)
    }

    @Test(
        "sgv: 0–12 error codes, 13–39 LOW (a severe low stays visible), 401 HIGH, other values as measured",
        arguments: [
            (0.0, ReadingStatus.unavailable, nil), (5.0, .unavailable, nil), (12, .unavailable, nil),
            (13, .belowRange, 40), (20, .belowRange, 40), (37, .belowRange, 40), (38, .belowRange, 40),
            (39, .belowRange, 40), (40, .ok, 40), (400, .ok, 400), (401, .aboveRange, 400),
            (402, .ok, 402), (452, .ok, 452), (600, .ok, 600),
        ]
            as [(Double, ReadingStatus, Double?)])
    func sentinels(value: Double, status: ReadingStatus, milligrams: Double?) throws {
        let (reading, issues) = try Self.reading(#""sgv":\#(value),"direction":"Flat""#)
        #expect(reading?.status == status)
        #expect(reading?.glucose?.milligramsPerDeciliter == milligrams)
        #expect(issues.isEmpty)
    }

    @Test(
        "direction strings in Nightscout's and Share's spellings; the bridge trend code when direction is missing",
        arguments: [
            (#""direction":"NOT COMPUTABLE""#, GlucoseTrend.notComputable, false),
            (#""direction":"RATE OUT OF RANGE""#, .rateOutOfRange, false),
            (#""direction":"NotComputable""#, .notComputable, false),
            (#""direction":"NONE""#, GlucoseTrend.none, false),
            (#""direction":"TripleUp""#, .doubleUp, false),
            (#""direction":"TripleDown""#, .doubleDown, false),
            (#""direction":"FortyFiveUp""#, .fortyFiveUp, false),
            (#""trend":6"#, .singleDown, false),
            (#""direction":"Sideways""#, .unknown, true),
            (#""direction":"Sideways","trend":4"#, .flat, false),
            (#""trend":12"#, .unknown, true),
            (#""direction":null"#, .unknown, false),
        ])
    func trends(members: String, trend: GlucoseTrend, reported: Bool) throws {
        let (reading, issues) = try Self.reading(#""sgv":120,\#(members)"#)
        #expect(reading?.trend == trend)
        #expect(issues.contains { $0.code == .unknownTrend } == reported)
    }

    @Test("time: date wins; dateString's offset is the display offset unless it is Z; utcOffset wins over both")
    func timeRules() throws {
        let (zulu, _) = try Self.reading(#""sgv":120,"dateString":"2026-10-23T16:00:00.000Z""#)
        #expect(zulu?.time.utcOffsetMinutes == nil)
        let (offset, _) = try Self.reading(#""sgv":120,"dateString":"2026-10-23T17:00:00.000+0100""#)
        #expect(offset?.time.utcOffsetMinutes == 60)
        #expect(offset?.time.displayTime?.iso8601 == "2026-10-23T17:00:00")
        let (declared, _) = try Self.reading(#""sgv":120,"dateString":"2026-10-23T17:00:00.000+0100","utcOffset":-240"#)
        #expect(declared?.time.utcOffsetMinutes == -240)
        #expect(declared?.time.instant.rfc3339 == "2026-10-23T16:00:00Z")
    }

    @Test("a date in seconds is not believed; dateString is used and the fallback reported")
    func secondsDate() throws {
        let batch = try NightscoutNormalizer().normalize(
            Array(
                #"[{"_id":"e1","type":"sgv","date":1792771200,"dateString":"2026-10-24T00:00:00Z","sgv":120}]"#.utf8))
        #expect(batch.readings.first?.time.instant.rfc3339 == "2026-10-24T00:00:00Z")
        #expect(batch.issues.map(\.code) == [.invalidTimestamp])
    }

    @Test("a Meal Bolus becomes a carbs and an insulin event that share the treatment's id")
    func mealBolus() throws {
        let batch = try NightscoutNormalizer().normalize(
            Array(
                #"[{"_id":"t1","eventType":"Meal Bolus","created_at":"2026-10-24T12:00:00Z","carbs":45,"insulin":4.5}]"#
                    .utf8))
        #expect(batch.events.map(\.id.rawValue) == ["nightscout:t1#carbs", "nightscout:t1#insulin"])
        #expect(batch.events.map(\.value) == [45, 4.5])
    }

    @Test(
        "not a Nightscout payload",
        arguments: [
            (
                #"{"status":401,"message":"Unauthorized","description":"Invalid/Missing"}"#,
                CGMError.Code.vendorErrorBody
            ),
            (#"{"records":[]}"#, .notAPayload), (#""text""#, .notAPayload), ("null", .notAPayload), ("", .notAPayload),
        ])
    func rejects(payload: String, code: CGMError.Code) {
        #expect { try NightscoutNormalizer().normalize(Array(payload.utf8)) } throws: {
            ($0 as? CGMError)?.code == code
        }
    }
}
