import CGMKit
import CGMKitLibre
import Testing

@Suite("LibreLinkUp normalizer")
struct LibreLinkUpNormalizerTests {
    /// Bytes that are not a LibreLinkUp data answer throw a `CGMError` (`cgm normalize`
    /// exits 65); none traps.
    @Test(
        "bad input is a typed error",
        arguments: [
            ("not JSON", "{status: 0", CGMError.Code.notAPayload),
            ("HTML", "<!DOCTYPE html><title>Attention Required! | Cloudflare</title>", .notAPayload),
            ("truncated", #"{"status":0,"data":{"graphData":[{"FactoryTimestamp":"1/8/2026 3:41:27 PM""#, .notAPayload),
            ("empty", "", .notAPayload),
            ("array", "[]", .notAPayload),
            ("bare number", "0", .notAPayload),
            ("no status", #"{"data":[]}"#, .notAPayload),
            ("header error", #"{"message":"RequiredHeaderMissing"}"#, .vendorErrorBody),
            ("credentials", #"{"status":2,"error":{"message":"notAuthenticated"}}"#, .vendorErrorBody),
            ("terms", #"{"status":4,"data":{"step":{"type":"tou"}}}"#, .vendorErrorBody),
            ("patient", #"{"error":{"message":"couldNotLoadPatient"},"status":4}"#, .vendorErrorBody),
            (
                "lockout", #"{"status":429,"data":{"code":60,"data":{"lockout":300},"message":"locked"}}"#,
                .vendorErrorBody
            ),
            ("version", #"{"data":{"minimumVersion":"4.16.0"},"status":920}"#, .vendorErrorBody),
            ("status text", #"{"status":"0","data":[]}"#, .notAPayload),
            ("no data", #"{"status":0}"#, .notAPayload),
            ("redirect", #"{"status":0,"data":{"redirect":true,"region":"eu2"}}"#, .notAPayload),
            ("login", #"{"status":0,"data":{"user":{"id":"x"},"authTicket":{"token":"t"}}}"#, .notAPayload),
            ("data string", #"{"status":0,"data":"x"}"#, .notAPayload),
        ])
    func badInput(vector: (String, String, CGMError.Code)) {
        do {
            _ = try normalizeLLU(vector.1)
            Issue.record("\(vector.0) normalized")
        } catch let error as CGMError {
            #expect(error.code == vector.2, "\(vector.0)")
        } catch {
            Issue.record("\(vector.0) threw \(type(of: error))")
        }
    }

    /// A non-zero status is named (by number) in the error and kept as its vendor code;
    /// nothing the body said (messages, versions, step types) is copied.
    @Test("an error status is named, the body is not copied")
    func errorStatusIsNamed() {
        for status in [2, 4, 429, 920, 911, 77] {
            let body = #"{"status":\#(status),"error":{"message":"canary-message-text"}}"#
            do {
                _ = try normalizeLLU(body)
                Issue.record("status \(status) normalized")
            } catch let error as CGMError {
                #expect(error.vendorCode == String(status))
                #expect(error.message.contains("status \(status)"))
                #expect(!"\(error)".contains("canary"))
            } catch {
                Issue.record("threw \(type(of: error))")
            }
        }
    }

    static func connections(_ count: Int) -> String {
        let one =
            #"{"id":"c","patientId":"p","firstName":"CanaryFirst","glucoseMeasurement":{"FactoryTimestamp":"1/8/2026 3:41:27 PM","Timestamp":"1/8/2026 4:41:27 PM","ValueInMgPerDl":142,"TrendArrow":4},"sensor":{"sn":"CANARYSN00","pt":4}}"#
        return #"{"status":0,"data":["# + Array(repeating: one, count: count).joined(separator: ",") + "]}"
    }

    /// Several patients: refused by default, naming the count and never a name; one is
    /// read when the host picks it by index (SPEC §8).
    @Test("a connections list with several patients is refused unless one is chosen")
    func severalPatients() throws {
        do {
            _ = try normalizeLLU(Self.connections(3))
            Issue.record("three patients normalized")
        } catch let error as CGMError {
            #expect(error.code == .notAPayload)
            #expect(error.message.contains("3 patients"))
            #expect(!error.message.contains("Canary"))
        }
        let batch = try normalizeLLU(Self.connections(3), connectionIndex: 2)
        #expect(batch.readings.count == 1)
        #expect(batch.readings.first?.trend == .fortyFiveUp)
        #expect(batch.devices.first?.info.generation == "libre3")
        #expect(throws: CGMError.self) { try normalizeLLU(Self.connections(3), connectionIndex: 3) }
        #expect(try normalizeLLU(Self.connections(0)).readings.isEmpty)
    }

    /// `ValueInMgPerDl` is canonical; `Value` is used only without it, with × 18 for mmol/L.
    @Test("ValueInMgPerDl wins over Value")
    func valueRules() throws {
        let batch = try normalizeLLU(
            graphAnswer([
                #""FactoryTimestamp":"1/8/2026 3:00:00 PM","ValueInMgPerDl":145,"GlucoseUnits":0,"Value":8.1"#,
                #""FactoryTimestamp":"1/8/2026 3:05:00 PM","GlucoseUnits":0,"Value":8.1"#,
                #""FactoryTimestamp":"1/8/2026 3:10:00 PM","GlucoseUnits":1,"Value":150"#,
                #""FactoryTimestamp":"1/8/2026 3:15:00 PM","ValueInMgPerDl":0"#,
                #""FactoryTimestamp":"1/8/2026 3:20:00 PM","ValueInMgPerDl":601"#,
                #""FactoryTimestamp":"1/8/2026 3:25:00 PM","ValueInMgPerDl":30,"isLow":true,"isHigh":true"#,
            ]))
        #expect(batch.readings.map { $0.glucose?.milligramsPerDeciliter } == [145, 145.8, 150])
        #expect(batch.issues.map(\.index) == [3, 4, 5])
        #expect(batch.issues.allSatisfy { $0.code == .invalidValue })
    }

    /// Numeric edges of `ValueInMgPerDl` (SPEC §2.2, §8): without a LO/HI flag any value in
    /// (0, 600] mg/dL is an `ok` reading as sent; anything else skips that record alone
    /// with `invalidValue`, and its clean neighbour survives.
    @Test(
        "numeric edges of ValueInMgPerDl",
        arguments: [
            ("-1", nil), ("0", nil), ("1.5", 1.5), ("39", 39), ("40", 40), ("500", 500), ("600", 600),
            ("600.5", nil), ("65536", nil), ("1e400", nil), (#""120""#, 120), (#""NaN""#, nil), ("true", nil),
            ("{}", nil), ("[]", nil),
        ] as [(String, Double?)])
    func numericEdges(value: String, expected: Double?) throws {
        let batch = try normalizeLLU(
            graphAnswer([
                #""FactoryTimestamp":"1/1/2024 12:00:00 AM","ValueInMgPerDl":120"#,
                #""FactoryTimestamp":"1/1/2024 12:05:00 AM","ValueInMgPerDl":\#(value)"#,
            ]))
        #expect(batch.readings.first?.glucose?.milligramsPerDeciliter == 120)
        if let expected {
            #expect(batch.readings.map { $0.glucose?.milligramsPerDeciliter } == [120, expected])
            #expect(batch.readings.allSatisfy { $0.status == .ok })
            #expect(batch.issues.isEmpty)
        } else {
            #expect(batch.readings.count == 1)
            #expect(batch.issues.map(\.code) == [.invalidValue])
            #expect(batch.issues.map(\.index) == [1])
        }
    }

    /// A current reading at the instant of a graph point is that point: the one with the
    /// arrow is kept, with no issue.
    @Test("the current reading and a graph point at the same instant are one reading")
    func currentMergesWithGraphPoint() throws {
        let point = #""FactoryTimestamp":"1/8/2026 3:41:27 PM","Timestamp":"1/8/2026 4:41:27 PM","ValueInMgPerDl":142"#
        let text =
            #"{"status":0,"data":{"connection":{"glucoseMeasurement":{\#(point),"TrendArrow":5}},"graphData":[{\#(point)},{"FactoryTimestamp":"1/8/2026 3:36:27 PM","ValueInMgPerDl":140}]}}"#
        let batch = try normalizeLLU(text)
        #expect(batch.readings.count == 2)
        #expect(batch.readings.last?.trend == .singleUp)
        #expect(batch.issues.isEmpty)

        // Without an arrow on either, and with another value, they are still one reading
        // (the current one), with no issue.
        let differing =
            #"{"status":0,"data":{"connection":{"glucoseMeasurement":{\#(point)}},"graphData":[{"FactoryTimestamp":"1/8/2026 3:41:27 PM","ValueInMgPerDl":139}]}}"#
        let merged = try normalizeLLU(differing)
        #expect(merged.readings.map { $0.glucose?.milligramsPerDeciliter } == [142])
        #expect(merged.issues.isEmpty)
    }

    /// Logbook alarms are alerts named by `alarmType`, with their reading; an alarm entry
    /// without a time is one issue.
    @Test("logbook alarms are alerts")
    func logbookAlarms() throws {
        let batch = try normalizeLLU(
            #"{"status":0,"data":[{"FactoryTimestamp":"6/19/2026 8:40:12 PM","Timestamp":"6/19/2026 10:40:12 PM","type":3,"ValueInMgPerDl":54,"TrendArrow":1,"alarmType":1},{"type":3,"alarmType":2,"ValueInMgPerDl":260},{"FactoryTimestamp":"6/19/2026 9:40:12 PM","type":2,"alarmType":2}]}"#
        )
        #expect(batch.alerts.map(\.name) == ["low", "high"])
        #expect(batch.alerts.allSatisfy { $0.state == "triggered" })
        #expect(batch.readings.count == 1)
        #expect(batch.issues.map(\.index) == [1])
        #expect(batch.issues.first?.code == .missingField)
    }
}
