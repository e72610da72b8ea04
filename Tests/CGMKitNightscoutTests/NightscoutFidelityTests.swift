import CGMKit
import CGMKitNightscout
import Testing

/// What real uploader data showed (issue 22): each kind of fault, as a table.
@Suite("Nightscout fidelity")
struct NightscoutFidelityTests {
    static func normalize(_ json: String) throws -> CGMBatch {
        try NightscoutNormalizer().normalize(Array(json.utf8))
    }

    @Test(
        "sgv above 600 mg/dL is skipped with one invalidValue issue; 600 itself is kept",
        arguments: [("5474.51", false), ("601", false), ("600.5", false), (#""40000""#, false), ("600", true)])
    func plausibility(sgv: String, kept: Bool) throws {
        let batch = try Self.normalize(#"[{"_id":"b1","type":"sgv","sgv":\#(sgv),"date":1773129600000}]"#)
        #expect(batch.readings.count == (kept ? 1 : 0))
        #expect(batch.issues.map(\.code) == (kept ? [] : [.invalidValue]))
        #expect(
            !batch.readings.contains { $0.status == .aboveRange || ($0.glucose?.milligramsPerDeciliter ?? 0) > 600 })
    }

    @Test(
        "trend as a name or a numeric string; a real arrow wins over NONE; direction wins over another arrow",
        arguments: [
            (#""trend":"FortyFiveDown""#, GlucoseTrend.fortyFiveDown, false),
            (#""trend":"DoubleUp""#, .doubleUp, false),
            (#""trend":"NOT COMPUTABLE""#, .notComputable, false),
            (#""trend":"4""#, .flat, false),
            (#""trend":5,"direction":"NONE""#, .fortyFiveDown, false),
            (#""trend":"SingleDown","direction":"NONE""#, .singleDown, false),
            (#""trend":0,"direction":"FortyFiveUp""#, .fortyFiveUp, false),
            (#""trend":7,"direction":"Flat""#, .flat, false),
            (#""trend":0,"direction":"NONE""#, GlucoseTrend.none, false),
            (#""trend":"Sideways","direction":"NONE""#, GlucoseTrend.none, false),
            (#""trend":"Sideways""#, .unknown, true),
            (#""trend":true"#, .unknown, true),
            (#""direction":6"#, .singleDown, false),
            (#""direction":"3""#, .fortyFiveUp, false),
            (#""direction":"forty five down""#, .fortyFiveDown, false),
            (#""direction":"Sideways""#, .unknown, true),
        ] as [(String, GlucoseTrend, Bool)])
    func trends(members: String, trend: GlucoseTrend, reported: Bool) throws {
        let batch = try Self.normalize(#"[{"_id":"c1","type":"sgv","sgv":55,"date":1773130200000,\#(members)}]"#)
        #expect(batch.readings.first?.trend == trend)
        #expect(batch.issues.contains { $0.code == .unknownTrend } == reported)
    }

    @Test("an entry without a type is read by its value: sgv a reading, mbg a meter value")
    func typeFromValue() throws {
        let batch = try Self.normalize(
            #"[{"_id":"m1","mbg":131,"date":1773129600000},{"_id":"s1","sgv":131,"date":1773129600000}]"#)
        #expect(batch.events.map(\.kind) == [.bloodGlucose])
        #expect(batch.readings.map(\.id.rawValue) == ["nightscout:s1"])
        #expect(batch.issues.isEmpty)
    }

    @Test("the same reading from two uploaders is one reading: the richer copy, no issue")
    func twoUploaders() throws {
        let batch = try Self.normalize(
            #"""
            [{"_id":"a","type":"sgv","sgv":142,"device":"AndroidAPS","date":1773129600000},
             {"_id":"b","type":"sgv","sgv":142,"direction":"Flat","device":"xDrip","date":1773129600000},
             {"_id":"c","type":"sgv","sgv":142,"direction":"Flat","device":"xDrip","date":1773129900000}]
            """#)
        #expect(batch.readings.map(\.id.rawValue) == ["nightscout:b", "nightscout:c"])
        #expect(batch.issues.isEmpty)
    }

    @Test(
        "a BG Check without units keeps a value only one unit can hold, with a warning; an ambiguous one is dropped",
        arguments: [
            (#""glucose":140"#, 140.0 as Double?, NormalizationIssue.Code.missingField),
            (#""glucose":5.5"#, GlucoseValue(millimolesPerLiter: 5.5).milligramsPerDeciliter, .missingField),
            (#""glucose":33.4"#, 33.4, .missingField),
            (#""glucose":20"#, nil, .missingField),
            (#""glucose":10"#, nil, .missingField),
            (#""glucose":612"#, nil, .invalidValue),
            (#""glucose":40,"units":"mmol""#, nil, .invalidValue),
            (#""glucose":700,"units":"mg/dl""#, nil, .invalidValue),
            (#""glucose":5,"units":"mg/dl""#, nil, .invalidValue),
            (#""glucose":140,"units":"mg per dl""#, 140, .invalidValue),
        ] as [(String, Double?, NormalizationIssue.Code)])
    func fingerStickUnits(members: String, milligrams: Double?, code: NormalizationIssue.Code) throws {
        let batch = try Self.normalize(
            #"[{"_id":"f1","eventType":"BG Check","glucoseType":"Finger","created_at":"2026-03-10T21:36:06+01:00",\#(members)}]"#
        )
        #expect(batch.events.first?.glucose?.milligramsPerDeciliter == milligrams)
        #expect(batch.events.count == (milligrams == nil ? 0 : 1))
        #expect(batch.issues.map(\.code) == [code])
        #expect(batch.issues.map(\.index) == [0])
    }

    @Test(
        "a BG Check with stated units keeps its value with no issue",
        arguments: [(#""glucose":118,"units":"mg/dl""#, 118.0), (#""glucose":7.2,"units":"mmol""#, 7.2 * 18.01559)])
    func statedUnits(members: String, milligrams: Double) throws {
        let batch = try Self.normalize(
            #"[{"_id":"f1","eventType":"BG Check","created_at":"2026-03-10T21:36:06+01:00",\#(members)}]"#)
        let value = try #require(batch.events.first?.glucose?.milligramsPerDeciliter)
        #expect(abs(value - milligrams) < 1e-9)
        #expect(batch.issues.isEmpty)
    }

    @Test("API v3: the envelope's result is read, identifier is the id, a deleted entry is not a reading")
    func apiV3() throws {
        let batch = try Self.normalize(
            #"""
            {"status":200,"result":[
              {"identifier":"d1","date":1773129600000,"type":"sgv","sgv":120,"app":"AAPS","srvModified":1773129612000},
              {"identifier":"d2","date":1773129300000,"type":"sgv","sgv":121,"app":"AAPS","isValid":false}]}
            """#)
        #expect(batch.readings.map(\.id.rawValue) == ["nightscout:d1"])
        #expect(batch.readings.first?.glucose?.milligramsPerDeciliter == 120)
        #expect(batch.issues.map(\.code) == [.unsupportedRecord])
        let single = try Self.normalize(
            #"{"status":200,"result":{"identifier":"d1","date":1773129600000,"type":"sgv","sgv":120}}"#)
        #expect(single.readings.count == 1)
    }

    @Test(
        "API v3 envelopes that are not data",
        arguments: [
            (#"{"status":401,"message":"Missing or bad access token or JWT"}"#, CGMError.Code.vendorErrorBody),
            (#"{"status":404}"#, .vendorErrorBody),
            (#"{"status":200}"#, .notAPayload),
            (#"{"status":200,"result":"x"}"#, .notAPayload),
        ])
    func apiV3Errors(payload: String, code: CGMError.Code) {
        #expect { try Self.normalize(payload) } throws: { ($0 as? CGMError)?.code == code }
    }
}
