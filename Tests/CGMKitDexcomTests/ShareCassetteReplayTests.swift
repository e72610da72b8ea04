import CGMKit
import CGMKitDexcom
import CGMKitTesting
import Foundation
import Testing

/// Replays every exchange pydexcom recorded against the real Dexcom Share servers
/// (`shared/data/pydexcom-cassettes`, converted by `Scripts/import-pydexcom-cassettes.py`).
/// Each cassette holds the same flow recorded two or three times; each recording
/// (episode) runs through a fresh client. The client's requests must match the
/// recorded ones (method, host, path, query, JSON body keys and values, the session id
/// excepted since pydexcom scrubbed it), every recorded exchange must be used, and the
/// outcome must be what the recording shows.
@Suite("Dexcom Share cassette replay")
struct ShareCassetteReplayTests {
    static let cassettes = FixtureDirectory(relativeTo: #filePath, path: "Fixtures/dexcom_share/cassettes")

    enum Outcome: Sendable, CustomTestStringConvertible {
        case signedIn
        case credentialsRejected
        /// Readings: the values, newest first as Share sends them, and whether one re-login happened.
        case readings([Int], renewedSession: Bool)

        var testDescription: String {
            switch self {
            case .signedIn: "signed in"
            case .credentialsRejected: "credentials rejected"
            case .readings(let values, let renewed): "readings \(values)\(renewed ? " after one re-login" : "")"
            }
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let cassette: String
        /// Exchanges per recorded episode.
        let episodeLength: Int
        /// The outcome of each episode.
        let outcomes: [Outcome]
        var testDescription: String { cassette }
    }

    static let rejectedTwice: [Outcome] = [.credentialsRejected, .credentialsRejected]

    /// Expected outcomes, read off the recordings by hand.
    static let cases: [Case] = [
        Case(
            cassette: "test_dexcom__test_dexcom_ous-None-77777777-7777-7777-7777-777777777777-p_w0rd", episodeLength: 1,
            outcomes: rejectedTwice),
        Case(
            cassette: "test_dexcom__test_dexcom_ous-None-77777777-7777-7777-7777-777777777777-password",
            episodeLength: 1, outcomes: rejectedTwice),
        Case(
            cassette: "test_dexcom__test_dexcom_ous-None-99999999-9999-9999-9999-999999999999-p_w0rd", episodeLength: 1,
            outcomes: rejectedTwice),
        Case(
            cassette: "test_dexcom__test_dexcom_ous-None-99999999-9999-9999-9999-999999999999-password",
            episodeLength: 1, outcomes: rejectedTwice),
        Case(cassette: "test_dexcom__test_dexcom_ous-u_ern_me-None-p_w0rd", episodeLength: 1, outcomes: rejectedTwice),
        Case(
            cassette: "test_dexcom__test_dexcom_ous-u_ern_me-None-password", episodeLength: 1, outcomes: rejectedTwice),
        Case(cassette: "test_dexcom__test_dexcom_ous-username-None-p_w0rd", episodeLength: 1, outcomes: rejectedTwice),
        Case(
            cassette: "test_dexcom__test_dexcom_ous-username-None-password", episodeLength: 1, outcomes: rejectedTwice),
        Case(
            cassette: "test_dexcom__test_dexcom_us-None-77777777-7777-7777-7777-777777777777-p_w0rd", episodeLength: 1,
            outcomes: rejectedTwice),
        Case(
            cassette: "test_dexcom__test_dexcom_us-None-77777777-7777-7777-7777-777777777777-password",
            episodeLength: 1, outcomes: rejectedTwice),
        Case(
            cassette: "test_dexcom__test_dexcom_us-None-99999999-9999-9999-9999-999999999999-p_w0rd", episodeLength: 1,
            outcomes: [.signedIn, .signedIn]),
        Case(
            cassette: "test_dexcom__test_dexcom_us-None-99999999-9999-9999-9999-999999999999-password",
            episodeLength: 1, outcomes: rejectedTwice),
        Case(
            cassette: "test_dexcom__test_dexcom_us-u_ern_me-None-p_w0rd", episodeLength: 2,
            outcomes: [.signedIn, .signedIn]),
        Case(cassette: "test_dexcom__test_dexcom_us-u_ern_me-None-password", episodeLength: 1, outcomes: rejectedTwice),
        Case(cassette: "test_dexcom__test_dexcom_us-username-None-p_w0rd", episodeLength: 1, outcomes: rejectedTwice),
        Case(cassette: "test_dexcom__test_dexcom_us-username-None-password", episodeLength: 1, outcomes: rejectedTwice),
        Case(cassette: "test_glucose_reading__dexcom", episodeLength: 1, outcomes: [.signedIn, .signedIn, .signedIn]),
        Case(
            cassette: "test_glucose_reading__test_get_current_glucose_reading", episodeLength: 1,
            outcomes: [
                .readings([224], renewedSession: false), .readings([216], renewedSession: false),
                .readings([175], renewedSession: false),
            ]),
        Case(
            cassette: "test_glucose_reading__test_get_current_glucose_reading_session_expired", episodeLength: 3,
            outcomes: [
                .readings([224], renewedSession: true), .readings([216], renewedSession: true),
                .readings([175], renewedSession: true),
            ]),
        Case(
            cassette: "test_glucose_reading__test_get_glucose_readings_0-0", episodeLength: 1,
            outcomes: [
                .readings([], renewedSession: false), .readings([], renewedSession: false),
                .readings([], renewedSession: false),
            ]),
        Case(
            cassette: "test_glucose_reading__test_get_glucose_readings_0-10", episodeLength: 1,
            outcomes: [
                .readings([], renewedSession: false), .readings([], renewedSession: false),
                .readings([], renewedSession: false),
            ]),
        Case(
            cassette: "test_glucose_reading__test_get_glucose_readings_1-0", episodeLength: 1,
            outcomes: [
                .readings([], renewedSession: false), .readings([], renewedSession: false),
                .readings([], renewedSession: false),
            ]),
        Case(
            cassette: "test_glucose_reading__test_get_glucose_readings_1-10", episodeLength: 1,
            outcomes: [
                .readings([224], renewedSession: false), .readings([216], renewedSession: false),
                .readings([175], renewedSession: false),
            ]),
        Case(
            cassette: "test_glucose_reading__test_get_latest_glucose_reading", episodeLength: 1,
            outcomes: [
                .readings([224], renewedSession: false), .readings([216], renewedSession: false),
                .readings([175], renewedSession: false),
            ]),
    ]

    @Test("every cassette has an expected outcome")
    func everyCassetteIsCovered() {
        let files = Set(
            Self.cassettes.fileNames(withExtension: "json").map { $0.replacingOccurrences(of: ".json", with: "") })
        #expect(files == Set(Self.cases.map(\.cassette)))
    }

    @Test("the client replays the recorded exchanges and reaches the recorded outcome", arguments: cases)
    func replays(testCase: Case) async throws {
        let fixture = try ExchangeFixture(json: Self.cassettes.bytes(testCase.cassette + ".json"))
        #expect(fixture.exchanges.count == testCase.episodeLength * testCase.outcomes.count)
        for (episodeIndex, outcome) in testCase.outcomes.enumerated() {
            let start = episodeIndex * testCase.episodeLength
            let episode = Array(fixture.exchanges[start..<(start + testCase.episodeLength)])
            try await replay(episode, expecting: outcome)
        }
    }

    private func replay(_ episode: [ExchangeFixture.Exchange], expecting outcome: Outcome) async throws {
        let transport = FixtureTransport(exchanges: episode, matcher: RequestMatcher(ignoredQueryItems: ["sessionId"]))
        let first = try #require(episode.first?.request)
        let url = try #require(URLComponents(string: first.url))
        let region = try #require(DexcomShareRegion.all.first { $0.host == url.host })
        let sink = CapturingLogSink()

        switch outcome {
        case .signedIn, .credentialsRejected:
            let body = try #require(try JSONReader().read(Array(first.body.utf8)).objectValue)
            let credentials = DexcomShareCredentials(
                accountName: body["accountName"]?.stringValue, accountID: body["accountId"]?.stringValue,
                password: body["password"]?.stringValue ?? "")
            let client = DexcomShareClient(
                region: region, credentials: credentials, transport: transport, logSink: sink)
            do {
                try await client.signIn()
                guard case .signedIn = outcome else {
                    Issue.record("signed in, but the recording rejected the login")
                    return
                }
            } catch let error as CGMError {
                guard case .credentialsRejected = outcome else {
                    Issue.record("login failed: \(error)")
                    return
                }
                #expect(error.code == .credentialsRejected)
                #expect(error.vendorCode == "AccountPasswordInvalid")
                // The rejection latches: a second attempt sends nothing.
                await #expect(throws: CGMError.self) { try await client.signIn() }
                #expect(await transport.requests.count == episode.count)
            }
        case .readings(let values, let renewed):
            let query = Dictionary(uniqueKeysWithValues: (url.queryItems ?? []).map { ($0.name, $0.value ?? "") })
            let minutes = try #require(Int(query["minutes"] ?? ""))
            let maxCount = try #require(Int(query["maxCount"] ?? ""))
            let login = episode.first { $0.request.url.hasSuffix("LoginPublisherAccountById") }
            let accountID = try login.map {
                try JSONReader().read(Array($0.request.body.utf8)).objectValue?["accountId"]?.stringValue
            }
            let credentials = DexcomShareCredentials(
                accountName: nil, accountID: (accountID ?? nil) ?? "99999999-9999-9999-9999-999999999999",
                password: "p@$$w0rd")
            // A session id from before: the recording answers it with SessionIdNotFound when it is stale.
            let client = DexcomShareClient(
                region: region, credentials: credentials, transport: transport, logSink: sink,
                sessionID: renewed
                    ? "33333333-3333-3333-3333-333333333333"
                    : "55555555-5555-5555-5555-555555555555")
            let batch = try await client.latestReadings(minutes: minutes, maxCount: maxCount)
            #expect(batch.readings.reversed().map { Int($0.glucose?.milligramsPerDeciliter ?? -1) } == values)
            #expect(batch.issues.isEmpty)
            let logins = sink.events.filter { $0.name == .loginStarted }.count
            #expect(logins == (renewed ? 1 : 0))
        }
        try await transport.verifyAllUsed()
        for event in sink.events {
            #expect(!event.description.contains("3333"))
            #expect(!event.description.contains("p@$$w0rd"))
        }
    }
}
