@_spi(AdapterSupport) import CGMKit
import CGMKitLibre
import CGMKitTesting
import Foundation
import Testing

/// The client's lockout-safety and protocol rules (SPEC §8; fact sheet §1), with exact
/// request counts.
@Suite("LibreLinkUp client")
struct LibreLinkUpClientTests {
    static let credentials = LibreLinkUpCredentials(email: "canary@example.org", password: "PASSWORD-CANARY")
    static let start = CGMInstant(millisecondsSince1970: 1_767_268_800_000)  // 2026-01-01T12:00:00Z

    static func client(
        _ server: LibreLinkUpTestServer, clock: ManualClock = ManualClock(start), region: LibreLinkUpRegion = .eu,
        configuration: LibreLinkUpClient.Configuration = .init(),
        store: (any LibreLinkUpLoginStateStore)? = nil, logSink: (any CGMLogSink)? = nil,
        credentials: LibreLinkUpCredentials = credentials
    ) -> LibreLinkUpClient {
        LibreLinkUpClient(
            region: region, credentials: credentials, transport: server, clock: clock, sleeper: RecordingSleeper(),
            random: SeededRandomSource(seed: 1), configuration: configuration, logSink: logSink,
            loginStateStore: store)
    }

    static func expectError(
        _ code: CGMError.Code, _ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
    ) async -> CGMError? {
        do {
            try await body()
            Issue.record("no error", sourceLocation: sourceLocation)
        } catch let error as CGMError {
            #expect(error.code == code, sourceLocation: sourceLocation)
            return error
        } catch {
            Issue.record("threw \(type(of: error))", sourceLocation: sourceLocation)
        }
        return nil
    }

    @Test("headers: product, version, Account-Id = SHA-256 of user.id, Bearer token")
    func headers() async throws {
        let server = LibreLinkUpTestServer()
        let client = Self.client(server)
        let batch = try await client.graph()
        #expect(batch.readings.count == 2)
        let requests = await server.requests
        #expect(
            requests.map(\.url.path) == [
                "/llu/auth/login", "/llu/connections", "/llu/connections/\(LibreLinkUpTestServer.patientID)/graph",
            ])
        for request in requests {
            #expect(request.headerFields["product"] == "llu.ios")
            #expect(request.headerFields["version"] == "4.16.0")
            #expect(request.url.host == "api-eu.libreview.io")
        }
        #expect(requests[0].headerFields["Account-Id"] == nil)
        #expect(requests[0].method == .post)
        let expectedAccountID = SHA256.hexDigest(LibreLinkUpTestServer.userID)
        #expect(expectedAccountID.count == 64)
        for request in requests.dropFirst() {
            #expect(request.headerFields["Account-Id"] == expectedAccountID)
            #expect(request.headerFields["Authorization"] == "Bearer \(LibreLinkUpTestServer.token)")
        }
        // The worked example of the fact sheet §1.10.
        #expect(
            SHA256.hexDigest("7ad66b40-0000-4c1d-9e2f-4f49f998cf16")
                == Hex.lowercase(SHA256.digest(Array("7ad66b40-0000-4c1d-9e2f-4f49f998cf16".utf8))))
    }

    @Test("the token is reused until it expires, then one new login")
    func tokenReuse() async throws {
        let server = LibreLinkUpTestServer()
        let clock = ManualClock(Self.start)
        let client = Self.client(server, clock: clock)
        for _ in 0..<5 { _ = try await client.graph() }
        #expect(await server.loginCalls == 1)
        #expect(await server.connectionsCalls == 1)
        #expect(await server.graphCalls == 5)
        let untilExpiry = LibreLinkUpTestServer.expires - Self.start.secondsSince1970
        clock.advance(seconds: untilExpiry - 30)  // inside the 60-second margin
        _ = try await client.graph()
        #expect(await server.loginCalls == 2)
        #expect(await server.graphCalls == 6)
    }

    @Test("a redirect is followed once, to the named region, and kept")
    func redirectOnce() async throws {
        let server = LibreLinkUpTestServer()
        await server.onLogin { _, call in
            call == 1
                ? .json(200, #"{"status":0,"data":{"redirect":true,"region":"eu2"}}"#) : LibreLinkUpTestServer.loginOK
        }
        let client = Self.client(server, region: .global)
        _ = try await client.graph()
        #expect(await server.loginHosts == ["api.libreview.io", "api-eu2.libreview.io"])
        #expect(await client.region == .eu2)
        let hosts = await server.requests.map { $0.url.host ?? "" }
        #expect(hosts.dropFirst(2).allSatisfy { $0 == "api-eu2.libreview.io" })
    }

    @Test("a second redirect is refused: at most one hop")
    func redirectLoop() async {
        let server = LibreLinkUpTestServer()
        await server.onLogin { _, call in
            .json(200, #"{"status":0,"data":{"redirect":true,"region":"\#(call == 1 ? "de" : "fr")"}}"#)
        }
        let client = Self.client(server, region: .eu)
        _ = await Self.expectError(.unexpectedResponse) { try await client.signIn() }
        #expect(await server.loginCalls == 2)
        _ = await Self.expectError(.unexpectedResponse) { try await client.signIn() }
        #expect(await server.loginCalls == 3)  // from de: a redirect again, and no further hop
        #expect(await server.loginHosts == ["api-eu.libreview.io", "api-de.libreview.io", "api-de.libreview.io"])
    }

    @Test("status 2 latches: no login after it until new credentials, also for another client of the store")
    func credentialLatch() async throws {
        let server = LibreLinkUpTestServer()
        await server.onLogin { _, call in
            call == 1
                ? .json(200, #"{"status":2,"error":{"message":"notAuthenticated"}}"#) : LibreLinkUpTestServer.loginOK
        }
        let store = InMemoryLibreLinkUpLoginStateStore()
        let client = Self.client(server, store: store)
        _ = await Self.expectError(.credentialsRejected) { _ = try await client.graph() }
        for _ in 0..<3 { _ = await Self.expectError(.credentialsRejected) { _ = try await client.graph() } }
        #expect(await server.loginCalls == 1)
        #expect(await server.requests.count == 1)
        // Another client with the same credentials and store makes no login either.
        let other = Self.client(server, store: store)
        _ = await Self.expectError(.credentialsRejected) { try await other.signIn() }
        #expect(await server.loginCalls == 1)
        let state = await store.load()
        #expect(state?.hasRejection == true)
        #expect(!String(reflecting: state as Any).contains("PASSWORD-CANARY"))
        // New credentials: one login.
        await client.updateCredentials(LibreLinkUpCredentials(email: "canary@example.org", password: "new-password"))
        _ = try await client.graph()
        #expect(await server.loginCalls == 2)
    }

    @Test("status 429 locks: logins wait the answer's lockout seconds, stored")
    func lockout() async throws {
        let server = LibreLinkUpTestServer()
        await server.onLogin { _, call in
            call == 1
                ? .json(
                    200,
                    #"{"status":429,"data":{"code":60,"data":{"failures":3,"interval":60,"lockout":300},"message":"locked"}}"#
                )
                : LibreLinkUpTestServer.loginOK
        }
        let clock = ManualClock(Self.start)
        let store = InMemoryLibreLinkUpLoginStateStore()
        let client = Self.client(server, clock: clock, store: store)
        _ = await Self.expectError(.accountLocked) { try await client.signIn() }
        let state = await store.load()
        #expect(state?.lockedUntil == Self.start.adding(milliseconds: 300_000))
        // New credentials do not shorten the cool-down.
        await client.updateCredentials(LibreLinkUpCredentials(email: "canary@example.org", password: "new-password"))
        clock.advance(seconds: 299)
        _ = await Self.expectError(.accountLocked) { try await client.signIn() }
        #expect(await server.loginCalls == 1)
        clock.advance(seconds: 1)
        try await client.signIn()
        #expect(await server.loginCalls == 2)
    }

    @Test("status 920 is a typed error carrying the minimum version; nothing is retried")
    func versionFloor() async {
        let server = LibreLinkUpTestServer()
        await server.onConnections { _, _ in .json(403, #"{"data":{"minimumVersion":"4.16.0"},"status":920}"#) }
        let client = Self.client(server, configuration: .init(version: "4.12.0"))
        let error = await Self.expectError(.unexpectedResponse) { _ = try await client.graph() }
        #expect(error?.libreLinkUpFailure == .appVersionRejected(minimumVersion: "4.16.0"))
        #expect(error?.vendorCode == "920")
        #expect(await server.loginCalls == 1)
        #expect(await server.connectionsCalls == 1)
        #expect(await server.requests.first?.headerFields["version"] == "4.12.0")
    }

    @Test("status 4 at login is 'accept the terms in the LibreLink app'; on data calls, patient not found")
    func accountStep() async {
        let server = LibreLinkUpTestServer()
        await server.onLogin { _, _ in
            .json(
                200,
                #"{"status":4,"data":{"step":{"type":"tou","componentName":"AcceptDocument"},"authTicket":{"token":"STEPTOKEN","expires":1,"duration":3600000}}}"#
            )
        }
        let client = Self.client(server)
        let error = await Self.expectError(.authorizationDenied) { try await client.signIn() }
        #expect(error?.libreLinkUpFailure == .accountActionRequired(step: "tou"))
        #expect(error?.message.contains("LibreLink app") == true)
        #expect(await server.loginCalls == 1)

        let other = LibreLinkUpTestServer()
        await other.onGraph { _, _ in .json(200, #"{"error":{"message":"couldNotLoadPatient"},"status":4}"#) }
        let follower = Self.client(other, configuration: .init(patientID: "unknown-patient"))
        let notFound = await Self.expectError(.unexpectedResponse) { _ = try await follower.graph() }
        #expect(notFound?.libreLinkUpFailure == .patientNotFound)
        #expect(await other.connectionsCalls == 0)
    }

    @Test("a Cloudflare HTML page is a transport failure, never data; a login is never retried")
    func cloudflare() async {
        let html = HTTPResponse(
            statusCode: 403, headerFields: ["Content-Type": "text/html"],
            body: Array("<!DOCTYPE html><title>Attention Required! | Cloudflare</title>".utf8))
        let server = LibreLinkUpTestServer()
        await server.onLogin { _, _ in html }
        let client = Self.client(server)
        let error = await Self.expectError(.transportFailed) { try await client.signIn() }
        #expect(error?.libreLinkUpFailure == .notJSON(httpStatus: 403))
        #expect(await server.loginCalls == 1)

        let data = LibreLinkUpTestServer()
        await data.onGraph { _, _ in html }
        let reader = Self.client(data)
        _ = await Self.expectError(.transportFailed) { _ = try await reader.graph() }
        #expect(await data.graphCalls == 1)
        #expect(await data.loginCalls == 1)
    }

    @Test("a data call is retried on a 5xx (it cannot lock the account); a login failing with 5xx is not")
    func retries() async throws {
        let server = LibreLinkUpTestServer()
        await server.onGraph { _, call in call < 3 ? HTTPResponse(statusCode: 503) : LibreLinkUpTestServer.graphOK }
        let client = Self.client(server)
        _ = try await client.graph()
        #expect(await server.graphCalls == 3)
        #expect(await server.loginCalls == 1)

        let down = LibreLinkUpTestServer()
        await down.onLogin { _, _ in .json(502, #"{"status":500}"#) }
        let failing = Self.client(down)
        _ = await Self.expectError(.unexpectedResponse) { try await failing.signIn() }
        #expect(await down.loginCalls == 1)
    }

    @Test("an expired token (HTTP 401) logs in again once")
    func unauthorized() async throws {
        let server = LibreLinkUpTestServer()
        await server.onGraph { _, call in
            call == 1 ? .json(401, #"{"message":"invalid or expired jwt"}"#) : LibreLinkUpTestServer.graphOK
        }
        let client = Self.client(server)
        _ = try await client.graph()
        #expect(await server.loginCalls == 2)
        await server.onGraph { _, _ in .json(401, #"{"message":"invalid or expired jwt"}"#) }
        _ = await Self.expectError(.sessionRejected) { _ = try await client.graph() }
        #expect(await server.loginCalls == 3)
    }

    @Test("concurrent callers share one login")
    func singleFlight() async throws {
        let server = LibreLinkUpTestServer()
        await server.delayLogins(nanoseconds: 50_000_000)
        let client = Self.client(server, configuration: .init(patientID: LibreLinkUpTestServer.patientID))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { _ = try await client.graph() } }
            try await group.waitForAll()
        }
        #expect(await server.loginCalls == 1)
        #expect(await server.graphCalls == 8)
    }

    @Test("concurrent callers share one rejected login too")
    func singleFlightRejected() async {
        let server = LibreLinkUpTestServer()
        await server.delayLogins(nanoseconds: 50_000_000)
        await server.onLogin { _, _ in .json(200, #"{"status":2,"error":{"message":"notAuthenticated"}}"#) }
        let client = Self.client(server)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { _ = try? await client.graph() } }
        }
        #expect(await server.loginCalls == 1)
    }

    @Test("several patients: the host must choose; an empty list is named")
    func patients() async throws {
        let server = LibreLinkUpTestServer()
        await server.onConnections { _, _ in
            .json(
                200, #"{"status":0,"data":[{"patientId":"aaa-1"},{"patientId":"\#(LibreLinkUpTestServer.patientID)"}]}"#
            )
        }
        let client = Self.client(server)
        let error = await Self.expectError(.invalidArgument) { _ = try await client.graph() }
        #expect(error?.message.contains("2 patients") == true)
        let chosen = Self.client(server, configuration: .init(connectionIndex: 1))
        _ = try await chosen.graph()
        #expect(await server.requests.last?.url.path.contains(LibreLinkUpTestServer.patientID) == true)

        let empty = LibreLinkUpTestServer()
        await empty.onConnections { _, _ in .json(200, #"{"status":0,"data":[]}"#) }
        _ = await Self.expectError(.unexpectedResponse) { _ = try await Self.client(empty).graph() }
    }

    @Test("regions: every fact-sheet host, and an unknown code as api-<code>.libreview.io")
    func regions() throws {
        #expect(LibreLinkUpRegion.all.count == 14)
        #expect(LibreLinkUpRegion.named("EU2") == .eu2)
        #expect(LibreLinkUpRegion.named("xy")?.host == "api-xy.libreview.io")
        #expect(LibreLinkUpRegion.named("../evil") == nil)
        #expect(LibreLinkUpRegion.named("") == nil)
        #expect(LibreLinkUpRegion.ru.host == "api.libreview.ru")
        #expect(throws: CGMError.self) { try LibreLinkUpRegion(name: "x", origin: URL(string: "http://example.com")!) }
        _ = try LibreLinkUpRegion(name: "local", origin: URL(string: "http://127.0.0.1:8080")!)
    }

    /// A store that cannot be read: no login is made without the stored login state.
    struct FailingStore: LibreLinkUpLoginStateStore {
        struct Failure: Error {}
        func load() async throws -> LibreLinkUpLoginState? { throw Failure() }
        func compareAndSwap(expected: LibreLinkUpLoginState?, new: LibreLinkUpLoginState) async throws -> Bool {
            throw Failure()
        }
    }

    @Test("a login-state store that fails: 0 logins")
    func failingStore() async {
        let server = LibreLinkUpTestServer()
        let client = Self.client(server, store: FailingStore())
        _ = await Self.expectError(.tokenPersistenceFailed) { try await client.signIn() }
        #expect(await server.loginCalls == 0)
    }

    @Test("the host re-supplying the same credentials lifts a stored rejection: one login")
    func resuppliedCredentials() async throws {
        let store = InMemoryLibreLinkUpLoginStateStore()
        let rejecting = LibreLinkUpTestServer()
        await rejecting.onLogin { _, _ in .json(200, #"{"status":2,"error":{"message":"notAuthenticated"}}"#) }
        _ = await Self.expectError(.credentialsRejected) { try await Self.client(rejecting, store: store).signIn() }
        // A later process, same store, same credentials: refused without a request…
        let server = LibreLinkUpTestServer()
        let later = Self.client(server, store: store)
        _ = await Self.expectError(.credentialsRejected) { try await later.signIn() }
        #expect(await server.loginCalls == 0)
        // … until the host vouches for them again (the user fixed the password on Abbott's side).
        await later.updateCredentials(Self.credentials)
        try await later.signIn()
        #expect(await server.loginCalls == 1)
        #expect(await store.load()?.hasRejection == false)
    }

    @Test("a login answer without a token or user id is an unexpected response, not a session")
    func malformedLogin() async {
        let server = LibreLinkUpTestServer()
        await server.onLogin { _, _ in .json(200, #"{"status":0,"data":{"authTicket":{"token":"t","expires":1}}}"#) }
        _ = await Self.expectError(.unexpectedResponse) { try await Self.client(server).signIn() }
        #expect(await server.loginCalls == 1)
    }

    @Test("nothing secret in errors, descriptions, dumps or logs")
    func noLeaks() async throws {
        let log = CapturingLogSink()
        let server = LibreLinkUpTestServer()
        await server.onGraph { _, call in
            call == 1 ? .json(200, #"{"status":77,"error":{"message":"TOKENCANARY"}}"#) : LibreLinkUpTestServer.graphOK
        }
        let client = Self.client(server, logSink: log)
        let error = await Self.expectError(.unexpectedResponse) { _ = try await client.graph() }
        let canaries = [
            "PASSWORD-CANARY", "canary@example.org", "TOKENCANARY", LibreLinkUpTestServer.userID,
            LibreLinkUpTestServer.patientID, SHA256.hexDigest(LibreLinkUpTestServer.userID), "CanaryFirst",
        ]
        var renderings = ["\(error as Any)", String(reflecting: error as Any), "\(client)", String(reflecting: client)]
        var dumped = ""
        dump(client, to: &dumped)
        dump(Self.credentials, to: &dumped)
        renderings.append(dumped)
        renderings += log.events.map { "\($0)" }
        for canary in canaries {
            for text in renderings { #expect(!text.contains(canary)) }
        }
    }
}
