import CGMKit
import CGMKitDexcom
import CGMKitTesting
import Foundation
import Testing

/// SPEC §12: state that must outlive a client lives in the host's stores. Every
/// client of an account, in every process, sees a revoked grant, a credential
/// rejection and a lockout cool-down without a request.
@Suite("State in host stores (SPEC §12)")
struct HostStoreStateTests {
    // MARK: - Dexcom v3: a revoked grant

    @Test("20 fresh v3 clients after invalid_grant make exactly 1 token request in total")
    func revokedGrantSeenByFreshClients() async throws {
        let server = DexcomV3TestServer()
        await server.install(access: "access-0", refresh: "someone-else")  // the stored refresh token is revoked
        let clock = ManualClock(V3.start)
        clock.advance(seconds: 7200)
        let store = InMemoryDexcomV3TokenStore(V3.tokens())
        for _ in 0..<20 {
            // One client per request, as Docs/Providers/DexcomV3.md says.
            let client = V3.client(server, store: store, clock: clock)
            #expect(await V3.code { _ = try await client.fetch(.devices, in: nil) } == .reauthorizationRequired)
        }
        #expect(await server.refreshRequestCount == 1)
        #expect(await server.tokenRequests.count == 1)
        #expect(await server.dataRequests.isEmpty)
        let stored = try #require(await store.load())
        #expect(stored.requiresReauthorization)
        #expect(stored.grantRevokedAt == clock.now())
    }

    @Test("a revoked grant in the store stops syncs too, and a new authorization lifts it for every client")
    func revokedGrantAndSync() async throws {
        let server = DexcomV3TestServer()
        await server.install(access: "access-0", refresh: "someone-else")
        let clock = ManualClock(V3.start)
        clock.advance(seconds: 7200)
        let store = InMemoryDexcomV3TokenStore(V3.tokens())
        let first = await V3.client(server, store: store, clock: clock).sync(since: nil)
        #expect(first.failures.first?.error.code == .reauthorizationRequired)
        let second = await V3.client(server, store: store, clock: clock).sync(since: first.cursor)
        #expect(second.failures.first?.error.code == .reauthorizationRequired)
        #expect(second.cursor == first.cursor)
        #expect(await server.tokenRequests.count == 1)

        let client = V3.client(server, store: store, clock: clock)
        let pending = try client.beginAuthorization()
        try await client.completeAuthorization(
            callback: URL(string: V3.app.redirectURI + "?code=code-1&state=" + pending.state)!, pending: pending)
        #expect(await store.load()?.requiresReauthorization == false)
        #expect(
            await V3.code { _ = try await V3.client(server, store: store, clock: clock).fetch(.devices, in: nil) }
                == nil)
    }

    @Test("tokens restored by a host without the new field stay usable (source-compatible initializer)")
    func tokensWithoutRevocation() {
        let tokens = DexcomV3Tokens(
            accessToken: "a", refreshToken: "r", issuedAt: V3.start, expiresAt: V3.start.adding(milliseconds: 1000))
        #expect(tokens.grantRevokedAt == nil)
        #expect(!tokens.requiresReauthorization)
    }

    // MARK: - Dexcom Share: rejections and cool-downs

    private func shareClient(
        _ server: ShareTestServer, store: any DexcomShareLoginStateStore, clock: ManualClock,
        password: String = "secret"
    ) -> DexcomShareClient {
        DexcomShareClient(
            region: .us, credentials: DexcomShareCredentials(accountName: "jane", password: password),
            transport: server, clock: clock, sleeper: RecordingSleeper(),
            configuration: .init(lockoutCoolDownSeconds: 600), loginStateStore: store)
    }

    @Test(
        "a credential rejection seen by client A: client B on the same store makes 0 login requests",
        arguments: ["AccountPasswordInvalid", "SSO_AuthenticatePasswordInvalid", "SSO_AuthenticateAccountNotFound"])
    func rejectionSharedThroughStore(code: String) async throws {
        let server = ShareTestServer()
        await server.onAuthenticate { _, _ in ShareTestServer.fault(code) }
        let store = InMemoryDexcomShareLoginStateStore()
        let clock = ManualClock()
        let clientA = shareClient(server, store: store, clock: clock)
        #expect(await V3.code { _ = try await clientA.latestReadings() } == .credentialsRejected)
        #expect(await server.totalLoginCalls == 1)
        let clientB = shareClient(server, store: store, clock: clock)
        for _ in 0..<10 {
            #expect(await V3.code { _ = try await clientB.latestReadings() } == .credentialsRejected)
        }
        let result = await clientB.sync(since: nil)
        #expect(result.failures.map(\.error.code) == [.credentialsRejected])
        #expect(await server.totalLoginCalls == 1)
        #expect(await server.readCalls == 0)
        let state = try #require(await store.load())
        #expect(state.hasRejection)
        #expect(state.rejectionCode == code)
    }

    @Test("new credentials lift a stored rejection; the same credentials resupplied by the host do too")
    func newCredentialsLift() async throws {
        let server = ShareTestServer()
        await server.onAuthenticate { request, _ in
            String(decoding: request.body, as: UTF8.self).contains("\"right\"")
                ? HTTPResponse.json(200, "\"\(ShareTestServer.accountID)\"")
                : ShareTestServer.fault("AccountPasswordInvalid")
        }
        let store = InMemoryDexcomShareLoginStateStore()
        let clock = ManualClock()
        #expect(
            await V3.code { try await shareClient(server, store: store, clock: clock).signIn() } == .credentialsRejected
        )
        // A new client with a new password logs in; the rejection of the old one stays on record.
        try await shareClient(server, store: store, clock: clock, password: "right").signIn()
        #expect(await server.authenticateCalls == 2)
        // A client with the old password: refused from the store without a request.
        let stale = shareClient(server, store: store, clock: clock)
        #expect(await V3.code { try await stale.signIn() } == .credentialsRejected)
        #expect(await server.authenticateCalls == 2)
        // The host vouching for the same credentials again lifts the rejection.
        await stale.updateCredentials(DexcomShareCredentials(accountName: "jane", password: "secret"))
        #expect(await V3.code { try await stale.signIn() } == .credentialsRejected)
        #expect(await server.authenticateCalls == 3)
    }

    @Test(
        "a lockout cool-down survives a new client, even with new credentials, and ends on time",
        arguments: ["SSO_AuthenticateMaxAttemptsExceeed", "SSO_AuthenticateMaxAttemptsExceeded"])
    func coolDownSurvivesNewClient(code: String) async throws {
        let server = ShareTestServer()
        await server.onAuthenticate { _, call in
            call == 1 ? ShareTestServer.fault(code) : HTTPResponse.json(200, "\"\(ShareTestServer.accountID)\"")
        }
        let store = InMemoryDexcomShareLoginStateStore()
        let clock = ManualClock()
        #expect(await V3.code { try await shareClient(server, store: store, clock: clock).signIn() } == .accountLocked)
        #expect(try #require(await store.load()).lockedUntil == clock.now().adding(milliseconds: 600_000))
        clock.advance(seconds: 599)
        let fresh = shareClient(server, store: store, clock: clock, password: "another")
        #expect(await V3.code { try await fresh.signIn() } == .accountLocked)
        #expect(await server.totalLoginCalls == 1)
        clock.advance(seconds: 1)
        try await shareClient(server, store: store, clock: clock, password: "another").signIn()
        #expect(await server.authenticateCalls == 2)
    }

    @Test(
        "Share keeps Retry-After on a 429, seconds or HTTP date, on the read and the login",
        arguments: [
            ("120", 120), ("Sun, 29 Nov 2026 00:02:00 GMT", 120),
        ])
    func retryAfterKept(value: String, seconds: Int) async throws {
        let clock = ManualClock(CGMInstant(millisecondsSince1970: 1_795_910_400_000))  // 2026-11-29T00:00:00Z
        let server = ShareTestServer()
        await server.onRead { _, _ in HTTPResponse(statusCode: 429, headerFields: ["Retry-After": value]) }
        let reader = shareClient(server, store: InMemoryDexcomShareLoginStateStore(), clock: clock)
        let readError = await error { _ = try await reader.latestReadings() }
        #expect(readError?.code == .rateLimited)
        #expect(readError?.retryAfterSeconds == seconds)
        await server.onAuthenticate { _, _ in HTTPResponse(statusCode: 429, headerFields: ["Retry-After": value]) }
        let loginError = await error {
            try await shareClient(server, store: InMemoryDexcomShareLoginStateStore(), clock: clock).signIn()
        }
        #expect(loginError?.code == .rateLimited)
        #expect(loginError?.retryAfterSeconds == seconds)
    }

    @Test("the login state renders no value and round-trips through JSON")
    func loginStateIsSafeToStore() async throws {
        let server = ShareTestServer()
        await server.onAuthenticate { _, _ in ShareTestServer.fault("AccountPasswordInvalid") }
        let store = InMemoryDexcomShareLoginStateStore()
        let client = DexcomShareClient(
            region: .us,
            credentials: DexcomShareCredentials(accountName: "canary-user-7f3a", password: "canary-pass-9e1b"),
            transport: server, clock: ManualClock(), sleeper: RecordingSleeper(), loginStateStore: store)
        _ = await V3.code { try await client.signIn() }
        let state = try #require(await store.load())
        let json = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
        #expect(!json.contains("canary"))
        #expect(try JSONDecoder().decode(DexcomShareLoginState.self, from: Data(json.utf8)) == state)
        var dumped = ""
        dump(state, to: &dumped)
        #expect(!dumped.contains("canary") && !"\(state)".contains("AccountPasswordInvalid"))
    }

    private func error(_ operation: () async throws -> Void) async -> CGMError? {
        do {
            try await operation()
            return nil
        } catch {
            return error as? CGMError
        }
    }
}
