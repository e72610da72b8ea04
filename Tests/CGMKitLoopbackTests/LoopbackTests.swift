import CGMKit
import CGMKitDexcom
import CGMKitNightscout
import CGMKitTesting
import CGMKitURLSession
import Foundation
import Testing

/// The real network path: `URLSessionTransport` and the real clients over a real socket
/// to `Scripts/loopback-server.py`, which `.ci/run` starts on 127.0.0.1 and which replays
/// `Exchanges/`. Serialized: the server holds one scenario at a time.
@Suite(
    "Loopback: URLSessionTransport and the clients over a real socket", .serialized,
    .enabled(if: LoopbackServer.origin != nil, "CGMKIT_LOOPBACK_ORIGIN is set by .ci/run"))
struct LoopbackTests {
    let server = LoopbackServer(origin: LoopbackServer.origin ?? URL(fileURLWithPath: "/"))

    @Test("Dexcom v3: an expired token is refreshed (form POST), a 503 with Retry-After is retried, then EGVs arrive")
    func dexcomV3() async throws {
        try await server.load("dexcom_v3-refresh-retry-egvs")
        let clock = ManualClock()
        let expired = DexcomV3Tokens(
            accessToken: "loopback-access-1", refreshToken: "loopback-refresh-1",
            issuedAt: clock.now().adding(milliseconds: -8_000_000),
            expiresAt: clock.now().adding(milliseconds: -800_000))
        let store = InMemoryDexcomV3TokenStore(expired)
        let client = DexcomV3Client(
            environment: try DexcomV3Environment(name: "loopback", baseURL: server.origin),
            app: DexcomV3AppCredentials(
                clientID: "loopback-client", clientSecret: "loopback-secret",
                redirectURI: "https://app.example/callback"),
            tokenStore: store, transport: server.transport, clock: clock,
            configuration: .init(retryPolicy: RetryPolicy(baseDelayMilliseconds: 10)))
        let window = DexcomV3Window(start: clock.now().adding(milliseconds: -86_400_000), end: clock.now())
        let batch = try await client.fetch(.egvs, in: window)
        #expect(!batch.readings.isEmpty)
        #expect(batch.issues.isEmpty)
        #expect(await store.load()?.accessToken == "loopback-access-2")

        let received = try await server.received()
        #expect(received.map(\.path) == ["/v2/oauth2/token", "/v3/users/self/egvs", "/v3/users/self/egvs"])
        let token = try #require(received.first)
        #expect(token.method == "POST")
        #expect(token.headers["content-type"]?.hasPrefix("application/x-www-form-urlencoded") == true)
        #expect(
            token.body.contains("grant_type=refresh_token") && token.body.contains("refresh_token=loopback-refresh-1"))
        for data in received.dropFirst() {
            #expect(data.method == "GET")
            #expect(data.headers["authorization"] == "Bearer loopback-access-2")
            #expect(data.query.contains("startDate=") && data.query.contains("endDate="))
        }
    }

    @Test("A redirect is refused: the client sees the 302 and the target is never requested")
    func redirectRefused() async throws {
        try await server.load("dexcom_v3-redirect")
        let clock = ManualClock()
        let fresh = DexcomV3Tokens(
            accessToken: "loopback-access-1", refreshToken: "loopback-refresh-1",
            issuedAt: clock.now(), expiresAt: clock.now().adding(milliseconds: 7_200_000))
        let client = DexcomV3Client(
            environment: try DexcomV3Environment(name: "loopback", baseURL: server.origin),
            app: DexcomV3AppCredentials(clientID: "c", clientSecret: "s", redirectURI: "https://app.example/callback"),
            tokenStore: InMemoryDexcomV3TokenStore(fresh), transport: server.transport, clock: clock)
        let window = DexcomV3Window(start: clock.now().adding(milliseconds: -3_600_000), end: clock.now())
        let error = await #expect(throws: CGMError.self) { try await client.fetch(.egvs, in: window) }
        #expect(error?.code == .unexpectedResponse)
        #expect(error?.httpStatus == 302)
        #expect(try await server.received().map(\.path) == ["/v3/users/self/egvs"])
    }

    @Test("Dexcom Share: login, an expired session answered with HTTP 500 and a Code, one re-login, then readings")
    func shareSessionExpired() async throws {
        try await server.load("dexcom_share-session-expired")
        let region = try DexcomShareRegion(
            name: "loopback", origin: server.origin,
            applicationID: DexcomShareRegion.us.applicationID)
        let client = DexcomShareClient(
            region: region,
            credentials: DexcomShareCredentials(accountName: "loopback-user", password: "loopback-pw"),
            transport: server.transport)
        let batch = try await client.latestReadings(minutes: 10, maxCount: 2)
        #expect(batch.readings.map(\.trend) == [.fortyFiveUp, .flat])
        let received = try await server.received()
        #expect(
            received.map { $0.path.split(separator: "/").last.map(String.init) ?? "" } == [
                "AuthenticatePublisherAccount", "LoginPublisherAccountById", "ReadPublisherLatestGlucoseValues",
                "LoginPublisherAccountById", "ReadPublisherLatestGlucoseValues",
            ])
        #expect(received[0].headers["content-type"] == "application/json")
        #expect(received[0].body.contains("\"accountName\":\"loopback-user\""))
        #expect(received[2].query.contains("sessionId=33333333-3333-3333-3333-333333333333"))
        #expect(received[4].query.contains("sessionId=55555555-5555-5555-5555-555555555555"))
    }

    @Test("Dexcom Share: a rejected password is latched; the next call sends nothing")
    func sharePasswordLatched() async throws {
        try await server.load("dexcom_share-password-invalid")
        let region = try DexcomShareRegion(
            name: "loopback", origin: server.origin,
            applicationID: DexcomShareRegion.us.applicationID)
        let client = DexcomShareClient(
            region: region,
            credentials: DexcomShareCredentials(accountName: "loopback-user", password: "wrong"),
            transport: server.transport)
        for _ in 0..<2 {
            let error = await #expect(throws: CGMError.self) { try await client.latestReadings() }
            #expect(error?.code == .credentialsRejected)
        }
        #expect(try await server.received().count == 1)
    }

    @Test("Nightscout: two pages of entries and the treatments, with the API secret's SHA-1 on the wire")
    func nightscout() async throws {
        try await server.load("nightscout-two-pages")
        let client = NightscoutClient(
            site: try NightscoutSite(server.origin),
            credential: .apiSecret("The quick brown fox jumps over the lazy dog"),
            transport: server.transport, pageSize: 3)
        let batch = try await client.fetch(
            from: CGMInstant(millisecondsSince1970: 1_792_683_900_000),
            to: CGMInstant(millisecondsSince1970: 1_792_685_100_000))
        #expect(batch.readings.count == 4)
        #expect(batch.events.map(\.kind) == [.carbs, .insulin])
        let received = try await server.received()
        #expect(received.map(\.path) == ["/api/v1/entries.json", "/api/v1/entries.json", "/api/v1/treatments.json"])
        for request in received {
            #expect(request.headers["api-secret"] == "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12")
        }
    }

    @Test("A server that stalls: the session's timeout fires and the transport throws")
    func stall() async throws {
        let impatient = LoopbackServer(origin: server.origin, timeoutSeconds: 1)
        let started = ContinuousClock.now
        await #expect(throws: (any Error).self) {
            _ = try await impatient.transport.send(HTTPRequest(method: .get, url: impatient.url("/__stall")))
        }
        #expect(ContinuousClock.now - started < .seconds(4.5))
    }

    @Test("A connection reset: the transport throws instead of returning a response")
    func connectionReset() async throws {
        await #expect(throws: (any Error).self) {
            _ = try await server.transport.send(HTTPRequest(method: .get, url: server.url("/__reset")))
        }
    }
}
