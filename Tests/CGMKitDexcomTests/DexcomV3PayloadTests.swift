@_spi(AdapterSupport) import CGMKit
import CGMKitDexcom
import Foundation
import Testing

@Suite("Dexcom v3 payload detection and bad input")
struct DexcomV3PayloadTests {
    private func error(for bytes: [UInt8]) -> CGMError? {
        do {
            _ = try DexcomV3Normalizer().normalize(bytes)
            return nil
        } catch let error as CGMError {
            return error
        } catch {
            Issue.record("threw a non-CGMError: \(type(of: error))")
            return nil
        }
    }

    private func error(for text: String) -> CGMError? {
        error(for: Array(text.utf8))
    }

    /// (payload, expected error code, a word the message must contain)
    static let rejected: [(String, CGMError.Code, String)] = [
        ("", .notAPayload, "JSON"),
        ("   \n", .notAPayload, "JSON"),
        ("not json", .notAPayload, "JSON"),
        (#"{"recordType":"egv","records":[{"recordId":"a""#, .notAPayload, "JSON"),
        (#"{"recordType":"egv","records":[],}"#, .notAPayload, "JSON"),
        (#""egv""#, .notAPayload, "string"),
        ("42", .notAPayload, "number"),
        ("null", .notAPayload, "null"),
        ("[]", .notAPayload, "array"),
        (#"[{"recordId":"a"}]"#, .notAPayload, "array"),
        ("{}", .notAPayload, "records"),
        (#"{"userId":"u","recordVersion":"3.0"}"#, .notAPayload, "records"),
        (#"{"records":{"recordId":"a"}}"#, .notAPayload, "records"),
        (#"{"records":[],"records":[]}"#, .notAPayload, "repeats"),
        (#"{"error":"invalid_grant","error_description":"Token is not active"}"#, .vendorErrorBody, "error"),
        (#"{"errors":[{"code":"400","title":"Bad Request"}]}"#, .vendorErrorBody, "error"),
        (#"{"message":"Unauthorized"}"#, .vendorErrorBody, "error"),
        (
            #"{"Code":"SessionIdNotFound","Message":"x","SubCode":"y","TypeName":"FaultException"}"#, .vendorErrorBody,
            "Share"
        ),
        (
            #"{"unit":"mg/dL","rateUnit":"mg/dL/min","egvs":[{"systemTime":"2019-08-24T14:15:22Z","displayTime":"2019-08-24T14:15:22Z","value":122}]}"#,
            .unsupportedPayloadVersion, "v2"
        ),
        (
            #"{"events":[{"eventId":"e","systemTime":"2019-08-24T14:15:22Z","eventType":"carbs","value":20}]}"#,
            .unsupportedPayloadVersion, "v2"
        ),
        (#"{"recordType":"egv","recordVersion":"2.0","records":[]}"#, .unsupportedPayloadVersion, "v3"),
        (#"{"recordType":"mystery","recordVersion":"3.0","records":[{"foo":1}]}"#, .notAPayload, "unknown"),
    ]

    @Test("bytes that are not a v3 response throw a typed error that says what they are", arguments: rejected)
    func rejects(payload: String, code: CGMError.Code, word: String) throws {
        let thrown = try #require(error(for: payload))
        #expect(thrown.code == code)
        #expect(thrown.message.contains(word), "\(thrown.message)")
        #expect(!thrown.message.contains("\n"))
    }

    @Test("invalid UTF-8 is not a payload")
    func rejectsInvalidUTF8() {
        #expect(error(for: [0x7B, 0xFF, 0x7D])?.code == .notAPayload)
    }

    @Test("a leading byte order mark is accepted")
    func acceptsBOM() throws {
        let batch = try DexcomV3Normalizer().normalize(
            [0xEF, 0xBB, 0xBF] + Array(#"{"recordType":"egv","records":[]}"#.utf8))
        #expect(batch.readings.isEmpty)
    }

    @Test("deep nesting and a 50 MB payload are refused with limitExceeded, fast and without trapping")
    func refusesHostileSizes() {
        let deep = #"{"records":["# + String(repeating: "[", count: 100_000)
        #expect(error(for: deep)?.code == .limitExceeded)
        var huge = Array(#"{"recordType":"egv","records":["#.utf8)
        let record = Array(#"{"recordId":"r","systemTime":"2024-01-01T00:00:00Z","value":100},"#.utf8)
        huge.reserveCapacity(50 * 1024 * 1024 + record.count)
        while huge.count < 50 * 1024 * 1024 { huge.append(contentsOf: record) }
        huge.removeLast()
        huge.append(contentsOf: Array("]}".utf8))
        #expect(error(for: huge)?.code == .limitExceeded)
    }

    @Test(
        "the endpoint is detected from recordType, either spelling, or from the records' fields",
        arguments: [
            (
                #"{"recordType":"calibration","records":[{"recordId":"a","systemTime":"2024-01-01T00:00:00Z","value":100}]}"#,
                "calibrations"
            ),
            (
                #"{"recordType":"calibrations","records":[{"recordId":"a","systemTime":"2024-01-01T00:00:00Z","value":100}]}"#,
                "calibrations"
            ),
            (
                #"{"records":[{"recordId":"a","systemTime":"2024-01-01T00:00:00Z","value":100,"trend":"flat"}]}"#,
                "readings"
            ),
            (
                #"{"records":[{"recordId":"a","systemTime":"2024-01-01T00:00:00Z","eventType":"carbs","value":"5"}]}"#,
                "events"
            ),
            (
                #"{"records":[{"recordId":"a","systemTime":"2024-01-01T00:00:00Z","alertName":"high","alertState":"inactive"}]}"#,
                "alerts"
            ),
            (#"{"records":[{"transmitterGeneration":"g7","displayDevice":"iOS","alertSchedules":[]}]}"#, "devices"),
            (#"{"records":[{"recordId":"a","systemTime":"2024-01-01T00:00:00Z","value":100}]}"#, "calibrations"),
        ])
    func detectsEndpoint(payload: String, kind: String) throws {
        let batch = try normalize(payload)
        let counts = [
            "readings": batch.readings.count, "calibrations": batch.calibrations.count,
            "events": batch.events.count, "alerts": batch.alerts.count, "devices": batch.devices.count,
        ]
        #expect(counts[kind] == 1)
        #expect(counts.values.reduce(0, +) == 1)
    }

    @Test("an explicit endpoint overrides detection")
    func explicitEndpoint() throws {
        let payload = Array(
            #"{"recordType":"egv","records":[{"recordId":"a","systemTime":"2024-01-01T00:00:00Z","value":100}]}"#.utf8)
        let batch = try DexcomV3Normalizer().normalize(payload, endpoint: .calibrations)
        #expect(batch.calibrations.count == 1)
        #expect(batch.readings.isEmpty)
    }

    @Test("random byte strings never trap and always give a batch or a typed error")
    func totalOnRandomInput() {
        var generator = SplitMix64(seed: 0xC0FFEE)
        let alphabet = Array(#"{}[]",:0123456789.-eE truefalsnl"recordsIdystemTimvau\"#.utf8)
        for _ in 0..<2000 {
            let length = Int(generator.next() % 200)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            _ = error(for: bytes)
        }
    }
}

/// A small seeded generator so the random test is reproducible.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
