import CGMKit
import CGMKitTesting
import Foundation
import Testing

/// Values a leak would show: if any appears in a rendering, PHI or a secret escaped.
private let canaries = [
    "173.5", "CANARY-TX-5150", "CANARY-ID-0042", "2031-07-04", "CANARY-TOKEN-9d1e",
    "CANARY-SESSION-77aa", "CANARY-APP-13",
]

private func expectNoCanary(in value: Any, sourceLocation: SourceLocation = #_sourceLocation) {
    let leaked = CanaryCheck.leaks(in: value, canaries: canaries)
    #expect(leaked.isEmpty, "leaked \(leaked)", sourceLocation: sourceLocation)
}

@Suite("Privacy of descriptions")
struct PrivacyTests {
    static let instant = ISO8601Timestamp("2031-07-04T12:00:00Z")!.instantAssumingUTC
    static let reading = GlucoseReading(
        id: RecordID(rawValue: "p:CANARY-ID-0042"), provider: "p",
        time: RecordTime(instant: instant, displayTime: instant.utcDateTime, utcOffsetMinutes: 0),
        glucose: GlucoseValue(milligramsPerDeciliter: 173.5), status: .ok, trend: .flat,
        trendRate: GlucoseRate(milligramsPerDeciliterPerMinute: 173.5),
        device: DeviceInfo(generation: "g7", displayApp: "CANARY-APP-13", transmitterID: "CANARY-TX-5150"))

    @Test("records, batches and their parts render without values")
    func modelIsRedacted() {
        let batch = CGMBatch(
            provider: "p", readings: [Self.reading],
            calibrations: [
                Calibration(
                    id: Self.reading.id, provider: "p", time: Self.reading.time,
                    glucose: GlucoseValue(milligramsPerDeciliter: 173.5))
            ],
            devices: [CGMDevice(provider: "p", info: Self.reading.device!, lastUploadTime: Self.instant)])
        let parts: [Any] = [
            batch, Self.reading, Self.reading.time, Self.reading.glucose!, Self.reading.device!,
            Self.instant, Self.instant.utcDateTime, Self.reading.id, batch.calibrations[0],
            batch.devices[0], ISO8601Timestamp("2031-07-04T12:00:00+01:00")!,
        ]
        for part in parts { expectNoCanary(in: part) }
    }

    @Test("errors render their code and message, not their cause")
    func errorsAreRedacted() {
        struct Leaky: Error, CustomStringConvertible { var description: String { "token CANARY-TOKEN-9d1e" } }
        let error = CGMError(code: .transportFailed, message: "the transport failed", cause: Leaky())
        expectNoCanary(in: error)
        #expect("\(error)" == "transportFailed: the transport failed")
    }

    @Test("requests and responses render method, path and status only")
    func transportIsRedacted() throws {
        let url = try #require(
            URL(
                string:
                    "https://share2.dexcom.com/ShareWebServices/Services/Publisher/ReadPublisherLatestGlucoseValues?sessionId=CANARY-SESSION-77aa"
            ))
        let request = HTTPRequest(
            method: .post, url: url,
            headerFields: ["Authorization": "Bearer CANARY-TOKEN-9d1e"],
            body: Array(#"{"password":"CANARY-TOKEN-9d1e"}"#.utf8))
        expectNoCanary(in: request)
        #expect("\(request)" == "POST /ShareWebServices/Services/Publisher/ReadPublisherLatestGlucoseValues")
        let response = HTTPResponse(
            statusCode: 500, headerFields: ["Set-Cookie": "CANARY-SESSION-77aa"],
            body: Array(#"{"Message":"SessionId = CANARY-SESSION-77aa"}"#.utf8))
        expectNoCanary(in: response)
        #expect(request.headerFields["authorization"] == "Bearer CANARY-TOKEN-9d1e")
    }
}
