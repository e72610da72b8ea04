import CGMKit
import CGMKitDexcom
import Testing

@Suite("Dexcom v3 readings")
struct DexcomV3ReadingTests {
    /// (JSON members of the record, expected status, expected mg/dL value)
    static let sentinelCases: [(String, ReadingStatus, Double?)] = [
        (#""value": 39"#, .belowRange, 40),
        (#""value": 40"#, .ok, 40),
        (#""value": 400"#, .ok, 400),
        (#""value": 401"#, .aboveRange, 400),
        (#""value": 39, "status": "low""#, .belowRange, 40),
        (#""value": 401, "status": "high""#, .aboveRange, 400),
        (#""value": 250, "status": "high""#, .aboveRange, 400),
        (#""value": 120, "status": "low""#, .belowRange, 40),
        (#""value": 39, "status": "ok""#, .belowRange, 40),
        (#""value": null, "status": "high""#, .aboveRange, 400),
        (#""value": null, "status": "low""#, .belowRange, 40),
        (#""value": null, "status": null"#, .unavailable, nil),
        (#""status": "ok""#, .unavailable, nil),
        (#""value": 0"#, .belowRange, 40),
        (#""value": 2.1, "unit": "mmol/L""#, .belowRange, 40),
        (#""value": 22.3, "unit": "mmol/L""#, .aboveRange, 400),
        (#""value": 5.5, "unit": "mmol/L""#, .ok, 99.085745),
        (#""value": 120, "unit": "unknown""#, .ok, 120),
        (#""value": 120"#, .ok, 120),
        (#""value": "120""#, .ok, 120),
    ]

    @Test("sentinels and out-of-range statuses classify per SPEC §2.2", arguments: sentinelCases)
    func classifies(fields: String, status: ReadingStatus, milligrams: Double?) throws {
        let (reading, issues) = try singleReading(fields)
        let kept = try #require(reading)
        #expect(kept.status == status)
        if let milligrams {
            let value = try #require(kept.glucose?.milligramsPerDeciliter)
            #expect(abs(value - milligrams) < 1e-9)
        } else {
            #expect(kept.glucose == nil)
        }
        #expect(issues.isEmpty)
    }

    @Test("an unrecognised status adds an issue and lets the value decide")
    func unknownStatus() throws {
        let (reading, issues) = try singleReading(#""value": 401, "status": "sensorWarmup""#)
        #expect(reading?.status == .aboveRange)
        #expect(issues.map(\.code) == [.unknownStatus])
    }

    @Test(
        "Dexcom trend tokens map one to one; unknown and null give unknown silently",
        arguments: GlucoseTrend.allCases)
    func mapsTrends(trend: GlucoseTrend) throws {
        let (reading, issues) = try singleReading(#""value": 100, "trend": "\#(trend.rawValue)""#)
        #expect(reading?.trend == trend)
        #expect(issues.isEmpty)
    }

    @Test("an unrecognised trend token is unknown with an issue", arguments: ["DoubleUp", "up", "FLAT", ""])
    func unknownTrend(token: String) throws {
        let (reading, issues) = try singleReading(#""value": 100, "trend": "\#(token)""#)
        #expect(reading?.trend == .unknown)
        #expect(issues.map(\.code) == [.unknownTrend])
    }

    @Test("a missing or null trend is unknown without an issue")
    func missingTrend() throws {
        for fields in [#""value": 100"#, #""value": 100, "trend": null"#] {
            let (reading, issues) = try singleReading(fields)
            #expect(reading?.trend == .unknown)
            #expect(issues.isEmpty)
        }
    }

    @Test("trend rates in mmol/L/min are converted to mg/dL/min")
    func convertsRates() throws {
        let (reading, _) = try singleReading(#""value": 100, "trendRate": -0.1, "rateUnit": "mmol/L/min""#)
        let rate = try #require(reading?.trendRate?.milligramsPerDeciliterPerMinute)
        #expect(abs(rate - -1.801559) < 1e-9)
    }

    @Test("the record's id, time, display time and offset come from the payload")
    func identityAndTime() throws {
        let (reading, _) = try singleReading(#""displayTime": "2024-06-01T17:45:00+05:45", "value": 100"#)
        let kept = try #require(reading)
        #expect(kept.id.rawValue == "dexcom_v3:r")
        #expect(kept.provider == .dexcomV3)
        #expect(kept.time.instant.rfc3339 == "2024-06-01T12:00:00Z")
        #expect(kept.time.displayTime?.iso8601 == "2024-06-01T17:45:00")
        #expect(kept.time.utcOffsetMinutes == 345)
    }

    @Test("a bad record among 287 good ones costs exactly that record and one issue")
    func keepsGoodRecords() throws {
        var records: [String] = []
        for index in 0..<288 {
            let minutes = index * 5
            let time = String(format: "2024-06-01T%02d:%02d:00Z", minutes / 60, minutes % 60)
            records.append(
                index == 143
                    ? #"{"recordId":"bad","systemTime":"2024-06-01T25:00:00Z","value":100}"#
                    : #"{"recordId":"r\#(index)","systemTime":"\#(time)","value":\#(80 + index % 200)}"#)
        }
        let batch = try normalize(
            #"{"recordType":"egv","recordVersion":"3.0","records":[\#(records.joined(separator: ","))]}"#)
        #expect(batch.readings.count == 287)
        #expect(
            batch.issues == [
                NormalizationIssue(
                    index: 143, code: .invalidTimestamp,
                    message: "systemTime is not a valid date")
            ])
    }

    @Test("issue messages never echo payload values")
    func messagesDoNotEchoValues() throws {
        let canary = "CANARY-4477"
        let batch = try normalize(
            #"""
            {"recordType":"egv","recordVersion":"3.0","records":[
              {"recordId":"\#(canary)","systemTime":"\#(canary)","value":1},
              {"recordId":"a","systemTime":"2024-01-01T00:00:00Z","displayTime":"\#(canary)","value":"\#(canary)"},
              {"recordId":"b","systemTime":"2024-01-01T00:00:00Z","value":100,"trend":"\#(canary)","status":"\#(canary)",
               "unit":"mg/dL","rateUnit":"\#(canary)","trendRate":1},
              {"recordId":"c","systemTime":"2024-01-01T00:00:00Z","value":100,"unit":"\#(canary)"},
              "\#(canary)"
            ]}
            """#)
        #expect(batch.issues.count >= 6)
        for issue in batch.issues {
            #expect(!issue.message.contains(canary))
            #expect(!issue.description.contains(canary))
        }
    }
}
