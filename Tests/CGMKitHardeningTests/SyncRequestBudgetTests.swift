import CGMKit
import CGMKitDexcom
import CGMKitSandbox
import CGMKitTesting
import Testing

/// The requests one sync costs, which Docs/Scaling.md sets against vendor rate limits.
@Suite("Requests per sync (Docs/Scaling.md)")
struct SyncRequestBudgetTests {
    @Test(
        "Dexcom v3: 2 requests when nothing is new and 6 with new data; 1 and 2 with egvs only and no devices",
        arguments: [(true, 2, 6), (false, 1, 2)])
    func dexcomV3(full: Bool, idle: Int, fresh: Int) async throws {
        let clock = ManualClock(SyncSourceConformanceTests.start)
        let server = SandboxServer(user: .g7, days: 3, clock: clock)
        let app = DexcomV3AppCredentials(
            clientID: SandboxServer.clientID, clientSecret: SandboxServer.clientSecret,
            redirectURI: SandboxServer.redirectURI)
        let configuration =
            full
            ? DexcomV3Client.Configuration()
            : DexcomV3Client.Configuration(syncEndpoints: [.egvs], syncIncludesDevices: false)
        let client = DexcomV3Client(
            environment: .sandbox, app: app, tokenStore: InMemoryDexcomV3TokenStore(),
            transport: server, clock: clock, configuration: configuration)
        let pending = try client.beginAuthorization()
        try await client.completeAuthorization(callback: try await server.approve(pending.url), pending: pending)
        let first = await client.sync(since: nil)
        var before = await server.requestCount
        let idleResult = await client.sync(since: first.cursor)
        #expect(await server.requestCount - before == idle)
        #expect(idleResult.batch.readings.isEmpty)
        clock.advance(milliseconds: 600_000)
        before = await server.requestCount
        let freshResult = await client.sync(since: idleResult.cursor)
        #expect(await server.requestCount - before == fresh)
        #expect(freshResult.batch.readings.count == 2)
    }

    @Test("Dexcom Share: one read per sync once logged in")
    func share() async {
        let clock = ManualClock(SyncSourceConformanceTests.start)
        let server = SandboxServer(user: .g7, days: 3, clock: clock)
        let client = DexcomShareClient(
            region: .us, credentials: DexcomShareCredentials(accountName: "g7", password: SandboxServer.password),
            transport: server, clock: clock)
        var cursor = await client.sync(since: nil).cursor
        #expect(await server.requestCount == 3)  // authenticate, login, read
        for _ in 0..<5 {
            clock.advance(milliseconds: 300_000)
            cursor = await client.sync(since: cursor).cursor
        }
        #expect(await server.requestCount == 8)
    }
}
