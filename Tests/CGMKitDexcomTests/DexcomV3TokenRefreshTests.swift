import CGMKit
import CGMKitTesting
import Foundation
import Testing

@testable import CGMKitDexcom

/// A token store whose writes fail, or that records what it held when asked.
actor FailingTokenStore: DexcomV3TokenStore {
    private var tokens: DexcomV3Tokens?
    private(set) var writes = 0
    struct WriteFailed: Error {}

    init(_ tokens: DexcomV3Tokens?) { self.tokens = tokens }
    func load() -> DexcomV3Tokens? { tokens }
    func compareAndSwap(expected: DexcomV3Tokens?, new: DexcomV3Tokens) throws -> Bool {
        writes += 1
        throw WriteFailed()
    }
}

/// Reliability cases A7–A17 of `shared/reference/reliability.md`: refresh, single
/// flight, rotation and persistence, against a server that rotates refresh tokens.
@Suite("Dexcom v3 token refresh (A7–A17)")
struct DexcomV3TokenRefreshTests {
    let server = DexcomV3TestServer()
    let clock = ManualClock(V3.start)

    /// A server and store holding tokens issued at the start; the clock `age` seconds later.
    private func setUp(age: Int64, access: String = "access-0") async -> InMemoryDexcomV3TokenStore {
        await server.install(access: access, refresh: "refresh-0")
        clock.advance(seconds: age)
        return InMemoryDexcomV3TokenStore(V3.tokens(access: access))
    }

    @Test(
        "O5: a token is refreshed 60 s before expiry, not earlier",
        arguments: [
            (7200 - 61, 0), (7200 - 60, 1), (7200, 1), (9000, 1),
        ] as [(Int64, Int)])
    func proactiveBoundary(age: Int64, refreshes: Int) async throws {
        let store = await setUp(age: age)
        let client = V3.client(server, store: store, clock: clock)
        _ = try await client.fetch(
            .egvs, in: DexcomV3Window(start: V3.start, end: V3.start.adding(milliseconds: 86_400_000)))
        #expect(await server.refreshRequestCount == refreshes)
    }

    @Test("A7: a rotated refresh token is stored before the data request that uses it")
    func rotationPersistedFirst() async throws {
        let store = await setUp(age: 7200)
        await server.overrideData(.egvs) { _, _ in
            // The store must already hold the new tokens when the data request arrives.
            let stored = await store.load()
            return stored?.refreshToken == "refresh-1" && stored?.accessToken == "access-1" ? nil : .json(418, "")
        }
        let client = V3.client(server, store: store, clock: clock)
        _ = try await client.fetch(.egvs, in: DexcomV3Window(start: V3.start, end: V3.start.adding(milliseconds: 1000)))
        #expect(
            await server.tokenRequests.last == [
                "grant_type": "refresh_token", "refresh_token": "refresh-0",
                "client_id": "client-id", "client_secret": "client+secret&=",
            ])
    }

    @Test("A7: a refresh answer without refresh_token keeps the old one")
    func refreshTokenKept() async throws {
        let store = await setUp(age: 7200)
        await server.overrideToken { _, _ in
            .json(200, #"{"access_token":"access-9","expires_in":7200,"token_type":"Bearer"}"#)
        }
        await server.install(access: "access-9", refresh: "refresh-0")
        let client = V3.client(server, store: store, clock: clock)
        _ = try await client.fetch(.devices, in: nil)
        #expect(await store.load()?.refreshToken == "refresh-0")
        #expect(await store.load()?.accessToken == "access-9")
    }

    /// A deterministic barrier: returns once the refresh is held at `gate` and `others`
    /// more callers are accounted for, each either waiting on that refresh (single flight
    /// kept) or holding a refresh of its own at the gate (single flight broken, which the
    /// test then sees as more than one refresh request).
    static func untilAccounted(_ others: Int, client: DexcomV3Client, gate: Gate) async {
        while await gate.arrivals == 0 { await Task.yield() }
        while await client.keeper.joinedRefreshes + gate.arrivals - 1 < others { await Task.yield() }
    }

    @Test("A8: 50 concurrent callers near expiry make exactly 1 refresh and all use the same token")
    func singleFlight() async throws {
        let store = await setUp(age: 7180)
        let gate = Gate()
        await server.holdTokenResponses(at: gate)
        let client = V3.client(server, store: store, clock: clock)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<50 { group.addTask { _ = try await client.fetch(.devices, in: nil) } }
            await Self.untilAccounted(49, client: client, gate: gate)
            await gate.open()
            try await group.waitForAll()
        }
        #expect(await server.refreshRequestCount == 1)
        let bearers = Set(await server.dataRequests.map { $0.headerFields["Authorization"] ?? "" })
        #expect(bearers == ["Bearer access-1"])
        #expect(await server.dataRequests.count == 50)
    }

    @Test("A9: invalid_grant reaches all 50 callers, and no later call refreshes again")
    func invalidGrant() async throws {
        let store = await setUp(age: 7200)
        await server.install(access: "access-0", refresh: "someone-else")
        let gate = Gate()
        await server.holdTokenResponses(at: gate)
        let client = V3.client(server, store: store, clock: clock)
        let codes = await withTaskGroup(of: CGMError.Code?.self) { group in
            for _ in 0..<50 { group.addTask { await V3.code { _ = try await client.fetch(.devices, in: nil) } } }
            await Self.untilAccounted(49, client: client, gate: gate)
            await gate.open()
            return await group.reduce(into: [CGMError.Code?]()) { $0.append($1) }
        }
        #expect(codes.count == 50)
        #expect(codes.allSatisfy { $0 == .reauthorizationRequired })
        #expect(await server.refreshRequestCount == 1)
        for _ in 0..<10 {
            #expect(await V3.code { _ = try await client.fetch(.devices, in: nil) } == .reauthorizationRequired)
        }
        #expect(await server.refreshRequestCount == 1)
        #expect(await server.dataRequests.isEmpty)
    }

    @Test("A9: a new authorization lifts the invalid_grant latch")
    func reauthorizationLiftsLatch() async throws {
        let store = await setUp(age: 7200)
        await server.install(access: "access-0", refresh: "someone-else")
        let client = V3.client(server, store: store, clock: clock)
        #expect(await V3.code { _ = try await client.fetch(.devices, in: nil) } == .reauthorizationRequired)
        let pending = try client.beginAuthorization()
        let query = "code=code-1&state=" + pending.state
        try await client.completeAuthorization(
            callback: URL(string: V3.app.redirectURI + "?" + query)!, pending: pending)
        #expect(await V3.code { _ = try await client.fetch(.devices, in: nil) } == nil)
    }

    @Test(
        "A10: a transient refresh failure reaches every waiter, keeps the refresh token, and does not poison the slot")
    func transientFailure() async throws {
        let store = await setUp(age: 7200)
        let gate = Gate()
        await server.holdTokenResponses(at: gate)
        await server.overrideToken { _, call in call == 1 ? .json(503, "<html>busy</html>") : nil }
        let client = V3.client(server, store: store, clock: clock)
        let codes = await withTaskGroup(of: CGMError.Code?.self) { group in
            for _ in 0..<20 { group.addTask { await V3.code { _ = try await client.fetch(.devices, in: nil) } } }
            await Self.untilAccounted(19, client: client, gate: gate)
            await gate.open()
            return await group.reduce(into: [CGMError.Code?]()) { $0.append($1) }
        }
        #expect(codes.count == 20)
        #expect(codes.allSatisfy { $0 == .serverUnavailable })
        #expect(await server.refreshRequestCount == 1)
        #expect(await store.load() == V3.tokens())
        _ = try await client.fetch(.devices, in: nil)
        #expect(await server.refreshRequestCount == 2)
        #expect(await store.load()?.refreshToken == "refresh-1")
    }

    @Test("A10: after a 503 the stored refresh token is unchanged")
    func transientKeepsToken() async throws {
        let store = await setUp(age: 7200)
        await server.overrideToken { _, _ in .json(503, "") }
        let client = V3.client(server, store: store, clock: clock)
        #expect(await V3.code { _ = try await client.fetch(.devices, in: nil) } == .serverUnavailable)
        #expect(await store.load() == V3.tokens())
        #expect(await V3.code { _ = try await client.fetch(.devices, in: nil) } == .serverUnavailable)
        #expect(await server.refreshRequestCount == 2)
    }

    @Test("A11: cancelling the caller that started the refresh does not cancel the refresh")
    func cancelledStarter() async throws {
        let store = await setUp(age: 7200)
        let gate = Gate()
        await server.holdTokenResponses(at: gate)
        let client = V3.client(server, store: store, clock: clock)
        let starter = Task { try await client.fetch(.devices, in: nil) }
        while await gate.arrivals == 0 { await Task.yield() }
        let waiter = Task { try await client.fetch(.devices, in: nil) }
        await Self.untilAccounted(1, client: client, gate: gate)
        starter.cancel()
        await gate.open()
        _ = try await waiter.value
        #expect(await store.load()?.refreshToken == "refresh-1")
        #expect(await server.refreshRequestCount == 1)
        _ = try? await starter.value
    }

    @Test("A12: a refresh that succeeds is persisted even when the data request then fails")
    func persistedDespiteDataFailure() async throws {
        let store = await setUp(age: 7200)
        await server.overrideData(.devices) { _, _ in .json(500, "") }
        let client = V3.client(server, store: store, clock: clock)
        #expect(await V3.code { _ = try await client.fetch(.devices, in: nil) } == .serverUnavailable)
        #expect(await store.load()?.refreshToken == "refresh-1")
    }

    @Test("A13: a lost refresh answer is reported once, and the rotated-away token then needs re-authorization")
    func lostAnswer() async throws {
        let store = await setUp(age: 7200)
        await server.loseNextTokenResponse()
        let client = V3.client(server, store: store, clock: clock)
        #expect(await V3.code { _ = try await client.fetch(.devices, in: nil) } == .refreshOutcomeUnknown)
        #expect(await server.refreshRequestCount == 1)
        #expect(await V3.code { _ = try await client.fetch(.devices, in: nil) } == .reauthorizationRequired)
        #expect(await server.refreshRequestCount == 2)
        #expect(await V3.code { _ = try await client.fetch(.devices, in: nil) } == .reauthorizationRequired)
        #expect(await server.refreshRequestCount == 2)
    }

    @Test("A14: two clients sharing a store: the second adopts the first one's refresh")
    func sharedStore() async throws {
        let store = await setUp(age: 0)
        let first = V3.client(server, store: store, clock: clock)
        let second = V3.client(server, store: store, clock: clock)
        _ = try await second.fetch(.devices, in: nil)  // the second instance now holds the original tokens
        clock.advance(seconds: 7200)
        _ = try await first.fetch(.devices, in: nil)  // the first refreshes and stores the rotated tokens
        _ = try await second.fetch(.devices, in: nil)  // the second re-reads the store instead of refreshing
        #expect(await server.refreshRequestCount == 1)
        #expect(await server.dataRequests.last?.headerFields["Authorization"] == "Bearer access-1")
        #expect(await store.load()?.refreshToken == "refresh-1")
    }

    @Test(
        "A14: a client whose refresh lost the race to another instance adopts the stored tokens, not re-authorization")
    func lostRaceAdoptsStore() async throws {
        let store = await setUp(age: 7200)
        let client = V3.client(server, store: store, clock: clock)
        // Another instance rotates the token and stores the result while this refresh is in flight.
        await server.overrideToken { _, _ in
            _ = await store.compareAndSwap(
                expected: V3.tokens(),
                new: V3.tokens(
                    access: "access-0", refresh: "refresh-other",
                    issuedAt: V3.start.adding(milliseconds: 7_200_000)))
            return .json(400, #"{"error":"invalid_grant"}"#)
        }
        #expect(await V3.code { _ = try await client.fetch(.devices, in: nil) } == nil)
        #expect(await store.load()?.refreshToken == "refresh-other")
    }

    @Test("A15: a failing token store stops the request; the unpersisted token is never used")
    func storeFailure() async throws {
        await server.install(access: "access-0", refresh: "refresh-0")
        clock.advance(seconds: 7200)
        let store = FailingTokenStore(V3.tokens())
        let client = V3.client(server, store: store, clock: clock)
        let error = await #expect(throws: CGMError.self) { _ = try await client.fetch(.devices, in: nil) }
        #expect(error?.code == .tokenPersistenceFailed)
        #expect(error?.cause is FailingTokenStore.WriteFailed)
        #expect(await store.writes == 1)
        #expect(await server.dataRequests.isEmpty)
    }

    @Test("A16: one 401 refreshes once and retries once; a second 401 stops with unauthorized", arguments: [1, 2])
    func unauthorizedOnce(rejections: Int) async throws {
        let store = await setUp(age: 0)
        await server.overrideData(.devices) { _, call in call <= rejections ? .json(401, "") : nil }
        let client = V3.client(server, store: store, clock: clock)
        let code = await V3.code { _ = try await client.fetch(.devices, in: nil) }
        #expect(code == (rejections == 1 ? nil : .unauthorized))
        #expect(await server.refreshRequestCount == 1)
        #expect(await server.dataRequests.count == 2)
    }

    @Test("A16: 403 is unauthorized at once, without a refresh")
    func forbidden() async throws {
        let store = await setUp(age: 0)
        await server.overrideData(.devices) { _, _ in .json(403, "") }
        let client = V3.client(server, store: store, clock: clock)
        #expect(await V3.code { _ = try await client.fetch(.devices, in: nil) } == .unauthorized)
        #expect(await server.refreshRequestCount == 0)
    }

    @Test(
        "A17: the clock jumping back 1 h or forward 3 h leads to a refresh, not a token trusted for ever",
        arguments: [-3600, 3 * 3600] as [Int64])
    func clockJumps(jump: Int64) async throws {
        let store = await setUp(age: 60)
        let client = V3.client(server, store: store, clock: clock)
        _ = try await client.fetch(.devices, in: nil)
        #expect(await server.refreshRequestCount == 0)
        clock.advance(seconds: jump)
        _ = try await client.fetch(.devices, in: nil)
        #expect(await server.refreshRequestCount == 1)
    }

    @Test("A17: a token the clock calls fresh but the server has expired recovers through the 401 path")
    func reactiveRecovery() async throws {
        let store = await setUp(age: 60)
        await server.expireAccessTokens()
        let client = V3.client(server, store: store, clock: clock)
        _ = try await client.fetch(.devices, in: nil)
        #expect(await server.refreshRequestCount == 1)
        #expect(await server.dataRequests.count == 2)
    }

    @Test("No tokens stored means re-authorization, without a request")
    func noTokens() async {
        let client = V3.client(server, store: InMemoryDexcomV3TokenStore(), clock: clock)
        #expect(await V3.code { _ = try await client.fetch(.devices, in: nil) } == .reauthorizationRequired)
        #expect(await server.tokenRequests.isEmpty)
    }

    @Test(
        "Tokens' freshness window",
        arguments: [
            (-301, false), (-299, true), (0, true), (7139, true), (7140, false), (8000, false),
        ] as [(Int64, Bool)])
    func freshness(offset: Int64, fresh: Bool) {
        let tokens = V3.tokens()
        #expect(tokens.isFresh(at: V3.start.adding(milliseconds: offset * 1000), skewSeconds: 60) == fresh)
    }

    @Test("The skew never exceeds half a short lifetime")
    func shortLifetimeSkew() {
        let tokens = V3.tokens(lifetimeSeconds: 60)
        #expect(tokens.isFresh(at: V3.start.adding(milliseconds: 29_000), skewSeconds: 60))
        #expect(!tokens.isFresh(at: V3.start.adding(milliseconds: 30_000), skewSeconds: 60))
    }
}
