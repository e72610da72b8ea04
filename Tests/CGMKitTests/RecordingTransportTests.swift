import CGMKit
import CGMKitTesting
import Foundation
import Testing

@Suite("Recording transport and scrubber")
struct RecordingTransportTests {
    static let password = "p@ss w0rd&CANARY"
    static let session = "5c3f0e7a-9b1d-4e2a-8f6c-0d1e2f3a4b5c"
    static let account = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"

    /// A fake vendor: Share-style login and read, an OAuth token call, a Nightscout read.
    static let server = ClosureTransport { request in
        let path = request.url.path
        func json(_ status: Int, _ text: String) -> HTTPResponse {
            HTTPResponse(statusCode: status, headerFields: ["Content-Type": "application/json"], body: Array(text.utf8))
        }
        switch path {
        case "/AuthenticatePublisherAccount": return json(200, "\"\(account)\"")
        case "/LoginPublisherAccountById": return json(200, "\"\(session)\"")
        case "/Login0": return json(200, "\"00000000-0000-0000-0000-000000000000\"")
        case "/Read": return json(500, #"{"Code":"SessionIdNotFound","Message":"Session \#(session) not found"}"#)
        case "/token":
            return json(
                200, #"{"access_token":"eyJ-CANARY-ACCESS","refresh_token":"CANARY-REFRESH-77","expires_in":7200}"#)
        default: return json(200, #"[{"_id":"e1","sgv":120}]"#)
        }
    }

    static func send(_ transport: any HTTPTransport) async throws {
        func post(_ path: String, _ body: String, query: String = "", headers: HTTPFields = [:]) async throws {
            let url = try #require(URL(string: "https://vendor.test\(path)\(query)"))
            _ = try await transport.send(
                HTTPRequest(method: .post, url: url, headerFields: headers, body: Array(body.utf8)))
        }
        try await post(
            "/AuthenticatePublisherAccount",
            #"{"accountName":"jane@example.org","password":"\#(password)","applicationId":"d89443d2-327c-4a6f-89e5-496bbb0317db"}"#
        )
        try await post(
            "/LoginPublisherAccountById",
            #"{"accountId":"\#(account)","password":"\#(password)","applicationId":"d89443d2-327c-4a6f-89e5-496bbb0317db"}"#
        )
        try await post("/Login0", "{}")
        try await post("/Read", "", query: "?sessionId=\(session)&minutes=1440&maxCount=288")
        try await post(
            "/token", "grant_type=refresh_token&refresh_token=CANARY-OLD-REFRESH&client_secret=CANARY-CLIENT-SECRET",
            headers: ["Content-Type": "application/x-www-form-urlencoded"])
        try await post(
            "/api/v1/entries.json", "", query: "?count=10&token=readable-CANARY-TOKEN",
            headers: [
                "API-SECRET": "b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9", "Authorization": "Bearer eyJ-CANARY-ACCESS",
            ])
    }

    static let secrets = [
        password, session, account, "jane@example.org", "eyJ-CANARY-ACCESS", "CANARY-REFRESH-77",
        "CANARY-OLD-REFRESH", "CANARY-CLIENT-SECRET", "readable-CANARY-TOKEN",
        "b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9", "p%40ss", "CANARY",
    ]

    @Test("a recorded session is written with every token, password, session and account id scrubbed")
    func scrubsEverySecret() async throws {
        var scrubber = FixtureScrubber.standard
        scrubber.secrets = [Self.password]
        let recorder = RecordingTransport(wrapping: Self.server, scrubber: scrubber)
        try await Self.send(recorder)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rec-\(UUID().uuidString)/session.json"
        ).path
        try await recorder.write(to: path, source: "unit test")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for secret in Self.secrets {
            #expect(!text.contains(secret), "secret \(Self.secrets.firstIndex(of: secret) ?? -1) survived")
        }
        // What is not secret survives: Share's error Code, the failed-login zero UUID, the public app id, data.
        #expect(text.contains("SessionIdNotFound"))
        #expect(text.contains("00000000-0000-0000-0000-000000000000"))
        #expect(text.contains("d89443d2-327c-4a6f-89e5-496bbb0317db"))
        #expect(text.contains("\"sgv\": 120"))
        #expect(text.contains("Bearer "))
    }

    @Test("one secret gets one placeholder everywhere, so a login's session still matches the read that uses it")
    func placeholdersAreConsistent() async throws {
        let recorder = RecordingTransport(wrapping: Self.server)
        try await Self.send(recorder)
        let fixture = await recorder.fixture(source: "unit test")
        let issued = try #require(try JSONReader().read(Array(fixture.exchanges[1].response.body.utf8)).stringValue)
        #expect(issued != Self.session)
        #expect(issued.count == 36 && issued != "00000000-0000-0000-0000-000000000000")
        #expect(fixture.exchanges[3].request.url.contains("sessionId=\(issued)"))
        #expect(fixture.exchanges[3].response.body.contains(issued))
    }

    @Test("a written recording replays through the fixture transport, request by request")
    func recordingReplays() async throws {
        let recorder = RecordingTransport(wrapping: Self.server)
        try await Self.send(recorder)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(UUID().uuidString).json").path
        try await recorder.write(to: path, source: "unit test")
        let fixture = try ExchangeFixture(json: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(fixture.exchanges.count == 6)
        let replay = FixtureTransport(
            fixture: fixture,
            matcher: RequestMatcher(
                ignoredQueryItems: ["sessionId", "token"],
                ignoredBodyKeys: ["accountName", "password", "accountId", "refresh_token", "client_secret"]))
        try await Self.send(replay)
        try await replay.verifyAllUsed()
        // One more request than was recorded fails loudly.
        let url = try #require(URL(string: "https://vendor.test/api/v1/entries.json?count=10"))
        await #expect(throws: FixtureTransport.UnexpectedRequest.self) {
            _ = try await replay.send(HTTPRequest(method: .get, url: url))
        }
    }

    @Test("JSON bodies are written as structure and read back as the same JSON")
    func structuredBodies() throws {
        let exchange = ExchangeFixture.Exchange(
            request: .init(method: "GET", url: "https://vendor.test/x"),
            response: .init(status: 200, body: #"[{"a":1.50,"b":"é"}]"#))
        let fixture = ExchangeFixture(source: "s", exchanges: [exchange])
        let written = String(decoding: fixture.jsonBytes(bodies: .structuredJSON), as: UTF8.self)
        #expect(written.contains("\"json\": ["))
        let back = try ExchangeFixture(json: Array(written.utf8))
        #expect(
            try JSONReader().read(Array(back.exchanges[0].response.body.utf8))
                == JSONReader().read(Array(exchange.response.body.utf8)))
    }
}
