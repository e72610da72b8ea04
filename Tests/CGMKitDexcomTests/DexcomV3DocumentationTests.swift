import CGMKit
import CGMKitDexcom
import CGMKitTesting
import Foundation
import Testing

/// Runs the "complete example" of `Docs/Providers/DexcomV3.md` against the scripted
/// server, with an in-memory database standing in for the host's.
@Suite("Dexcom v3 documented server-side flow")
struct DexcomV3DocumentationTests {
    /// The host's database: token rows, the cursor, and stored readings keyed by id.
    actor Database {
        var tokens: DexcomV3Tokens?
        var cursor: CGMInstant?
        var readings: [RecordID: GlucoseReading] = [:]
        var needsReconnect = false

        func replace(ifCurrent expected: DexcomV3Tokens?, with new: DexcomV3Tokens) -> Bool {
            guard tokens == expected else { return false }
            tokens = new
            return true
        }

        func store(_ page: DexcomV3SyncPage) {
            for reading in page.batch.readings { readings[reading.id] = reading }
            if let next = page.cursor { cursor = next }
        }

        func markNeedsReconnect() { needsReconnect = true }
    }

    struct DatabaseTokenStore: DexcomV3TokenStore {
        let database: Database
        func load() async throws -> DexcomV3Tokens? { await database.tokens }
        func compareAndSwap(expected: DexcomV3Tokens?, new: DexcomV3Tokens) async throws -> Bool {
            await database.replace(ifCurrent: expected, with: new)
        }
    }

    @Test("connect, callback, sync, a second sync from the cursor, and reconnect on invalid_grant")
    func documentedFlow() async throws {
        let server = DexcomV3TestServer()
        await server.setReadings(V3.readings(days: 45))
        let clock = ManualClock(V3.start.adding(milliseconds: 50 * 86_400_000))
        let database = Database()
        let client = V3.client(server, store: DatabaseTokenStore(database: database), clock: clock)

        var session: [String: DexcomV3PendingAuthorization] = [:]
        let pending = try client.beginAuthorization()
        session["dexcom.pending"] = pending
        let callback = URL(string: V3.app.redirectURI + "?code=code-1&state=" + pending.state)!
        try await client.completeAuthorization(
            callback: callback, pending: try #require(session.removeValue(forKey: "dexcom.pending")))
        #expect(await database.tokens?.accessToken == "access-1")

        let report = await client.sync(from: await database.cursor) { page in await database.store(page) }
        #expect(report.isComplete)
        #expect(await database.readings.count == 45 * 288)
        #expect(await database.cursor == report.cursor)

        await server.setReadings(V3.readings(days: 46))
        clock.advance(seconds: 3 * 3600)
        let second = await client.sync(from: await database.cursor) { page in await database.store(page) }
        #expect(second.isComplete)
        #expect(second.windows.count == 1)
        #expect(await database.readings.count == 46 * 288)
        #expect(await server.refreshRequestCount == 1)

        await server.install(access: "nobody", refresh: "revoked-elsewhere")
        clock.advance(seconds: 3 * 3600)
        let third = await client.sync(from: await database.cursor) { page in await database.store(page) }
        if third.stopReason?.code == .reauthorizationRequired { await database.markNeedsReconnect() }
        #expect(await database.needsReconnect)
        #expect(await database.readings.count == 46 * 288)
    }
}
