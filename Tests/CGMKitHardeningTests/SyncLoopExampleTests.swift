import CGMKit
import CGMKitDexcom
import CGMKitNightscout
import CGMKitSandbox
import CGMKitTesting
import Foundation
import Testing

/// The README's "one loop" example, run: accounts of four vendors synced round after
/// round by the same loop, batches and JSON cursors kept in a stand-in database.
@Suite("README: one sync loop for every vendor")
struct SyncLoopExampleTests {
    /// The host's database: per account, the stored records (upserted by id) and the cursor as JSON.
    actor Database {
        var records: [String: [RecordID: GlucoseReading]] = [:]
        var cursors: [String: Data] = [:]
        var deliveredTwice = 0

        func cursor(_ account: String) throws -> CGMSyncCursor? {
            try cursors[account].map { try JSONDecoder().decode(CGMSyncCursor.self, from: $0) }
        }

        func append(_ batch: CGMBatch, to account: String) {
            for reading in batch.readings {
                if records[account, default: [:]].updateValue(reading, forKey: reading.id) != nil {
                    deliveredTwice += 1
                }
            }
        }

        func saveCursor(_ cursor: CGMSyncCursor, for account: String) throws {
            cursors[account] = try JSONEncoder().encode(cursor)
        }

        func readings(_ account: String) -> [GlucoseReading] {
            (records[account] ?? [:]).values.sorted { $0.time.instant < $1.time.instant }
        }
    }

    @Test("four vendors, one loop: every reading stored once, cursors stored as JSON, combined by priority")
    func oneLoop() async throws {
        let clock = ManualClock(SyncSourceConformanceTests.start)
        let server = SandboxServer(user: .g6, days: 3, clock: clock)
        let app = DexcomV3AppCredentials(
            clientID: SandboxServer.clientID, clientSecret: SandboxServer.clientSecret,
            redirectURI: SandboxServer.redirectURI)
        let tokens = InMemoryDexcomV3TokenStore()
        let authorizer = DexcomV3Client(
            environment: .sandbox, app: app, tokenStore: tokens, transport: server, clock: clock)
        let pending = try authorizer.beginAuthorization()
        try await authorizer.completeAuthorization(callback: try await server.approve(pending.url), pending: pending)
        let site = SimulatedNightscoutSite(
            clock: clock, start: SyncSourceConformanceTests.start.adding(milliseconds: -86_400_000))
        let shareState = InMemoryDexcomShareLoginStateStore()

        // A new client per sync, as a stateless worker would make it: state is in the stores.
        func source(for account: String) throws -> any CGMSyncSource {
            switch account {
            case "ana":
                DexcomV3Client(environment: .sandbox, app: app, tokenStore: tokens, transport: server, clock: clock)
            case "ben":
                DexcomShareClient(
                    region: .us,
                    credentials: DexcomShareCredentials(accountName: "g6", password: SandboxServer.password),
                    transport: server, clock: clock, loginStateStore: shareState)
            case "cai":
                NightscoutClient(
                    site: try NightscoutSite(URL(string: "https://ns.example.org")!), credential: .none,
                    transport: ClosureTransport { await site.answer($0) }, clock: clock)
            default: SandboxSyncSource(user: .g7, days: 3, clock: clock)
            }
        }

        let db = Database()
        let accounts = ["ana", "ben", "cai", "dee"]
        for _ in 0..<6 {
            for account in accounts {
                let result = await (try source(for: account)).sync(since: try await db.cursor(account))
                #expect(result.isComplete)
                await db.append(result.batch, to: account)
                try await db.saveCursor(result.cursor, for: account)
            }
            clock.advance(milliseconds: 15 * 60_000)
        }
        #expect(await db.deliveredTwice == 0)
        for account in accounts { #expect(await !db.readings(account).isEmpty) }

        // Ana (v3) and Ben (Share) wear the same simulated sensor: combined, v3 first,
        // Share's copies of the same measurements are dropped and counted.
        let v3 = CGMBatch(provider: .dexcomV3, readings: await db.readings("ana"))
        let share = CGMBatch(provider: .dexcomShare, readings: await db.readings("ben"))
        let combined = SourcePriority([.dexcomV3, .dexcomShare]).combine([share, v3])
        #expect(combined.readings.filter { $0.provider == .dexcomV3 }.count == v3.readings.count)
        #expect(combined.droppedByProvider[.dexcomShare, default: 0] > 0)
        #expect(combined.droppedCount + combined.readings.count == v3.readings.count + share.readings.count)
    }
}
