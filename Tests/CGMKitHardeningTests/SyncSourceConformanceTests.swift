import CGMKit
import CGMKitDexcom
import CGMKitNightscout
import CGMKitSandbox
import CGMKitTesting
import Foundation
import Testing

/// A vendor outage for a test: while on, every request is answered 503 with no body.
actor OutageSwitch {
    private(set) var isOn = false
    func set(_ on: Bool) { isOn = on }
}

/// A transport that fails while its ``OutageSwitch`` is on.
struct OutageTransport: HTTPTransport {
    let base: any HTTPTransport
    let outage: OutageSwitch
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if await outage.isOn { return HTTPResponse(statusCode: 503) }
        return try await base.send(request)
    }
}

/// A Nightscout site (API v1) with one sgv entry every 5 minutes and a carb treatment
/// every 3 hours, up to its clock's time; it honours `find[…][$gte|$lt]` and `count`.
actor SimulatedNightscoutSite {
    let clock: ManualClock
    let start: CGMInstant
    init(clock: ManualClock, start: CGMInstant) {
        self.clock = clock
        self.start = start
    }

    func answer(_ request: HTTPRequest) -> HTTPResponse {
        let items = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        func value(_ name: String) -> String? { items.first { $0.name == name }?.value }
        let now = clock.now().millisecondsSince1970
        let count = value("count").flatMap { Int($0) } ?? 10
        var documents: [String] = []
        if request.url.path == "/api/v1/entries.json" {
            guard let low = value("find[date][$gte]").flatMap({ Int64($0) }),
                let high = value("find[date][$lt]").flatMap({ Int64($0) })
            else { return HTTPResponse(statusCode: 400) }
            var time = (now / 300_000) * 300_000 + 17_000
            while time >= start.millisecondsSince1970, documents.count < count {
                if time >= low, time < high, time <= now {
                    let sgv = 100 + Int((time / 300_000) % 80)
                    documents.append(
                        #"{"_id":"e\#(time)","type":"sgv","sgv":\#(sgv),"date":\#(time),"direction":"Flat","device":"xDrip-DexcomG6"}"#
                    )
                }
                time -= 300_000
            }
        } else if request.url.path == "/api/v1/treatments.json" {
            guard let low = value("find[created_at][$gte]").flatMap(ISO8601Timestamp.init)?.instantAssumingUTC,
                let high = value("find[created_at][$lt]").flatMap(ISO8601Timestamp.init)?.instantAssumingUTC
            else { return HTTPResponse(statusCode: 400) }
            var time = (now / 10_800_000) * 10_800_000
            while time >= start.millisecondsSince1970, documents.count < count {
                let instant = CGMInstant(millisecondsSince1970: time)
                if instant >= low, instant < high {
                    documents.append(
                        #"{"_id":"t\#(time)","eventType":"Carb Correction","carbs":20,"created_at":"\#(instant.rfc3339)"}"#
                    )
                }
                time -= 10_800_000
            }
        } else {
            return HTTPResponse(statusCode: 404)
        }
        return HTTPResponse(statusCode: 200, body: Array(("[" + documents.joined(separator: ",") + "]").utf8))
    }
}

/// SPEC §12: every client passes the one shared conformance check of CGMSyncSource.
@Suite("CGMSyncSource conformance: every client")
struct SyncSourceConformanceTests {
    /// Six hours before the sandbox trace ends: the check moves the clock 3 hours.
    static let start = SandboxServer.defaultNow.adding(milliseconds: -6 * 3_600_000)

    @Test("Dexcom v3 over the sandbox passes, with and without a look-back", arguments: SandboxUser.all, [0, 26])
    func dexcomV3(user: SandboxUser, lookbackHours: Int) async throws {
        let clock = ManualClock(Self.start)
        let server = SandboxServer(user: user, days: 4, clock: clock)
        let outage = OutageSwitch()
        let app = DexcomV3AppCredentials(
            clientID: SandboxServer.clientID, clientSecret: SandboxServer.clientSecret,
            redirectURI: SandboxServer.redirectURI)
        let client = DexcomV3Client(
            environment: .sandbox, app: app, tokenStore: InMemoryDexcomV3TokenStore(),
            transport: OutageTransport(base: server, outage: outage), clock: clock,
            sleeper: RecordingSleeper(), configuration: .init(syncLookbackHours: lookbackHours))
        let pending = try client.beginAuthorization()
        try await client.completeAuthorization(callback: try await server.approve(pending.url), pending: pending)
        let problems = await SyncSourceConformance.check(
            client, advance: { clock.advance(milliseconds: $0) },
            setOutage: { await outage.set($0) })
        #expect(problems == [])
        #expect(client.syncHorizon == .days(90))
    }

    /// The receiver uploads once a day: its look-back must cover a day, or what it
    /// uploads late is older than the re-read span (the conformance check catches that).
    @Test("Dexcom Share over the sandbox passes", arguments: SandboxUser.all)
    func dexcomShare(user: SandboxUser) async {
        let clock = ManualClock(Self.start)
        let server = SandboxServer(user: user, days: 4, clock: clock)
        let outage = OutageSwitch()
        let lookback = user.displayTimesHaveOffset ? 180 : 1440
        let client = DexcomShareClient(
            region: .us,
            credentials: DexcomShareCredentials(accountName: user.name, password: SandboxServer.password),
            transport: OutageTransport(base: server, outage: outage), clock: clock,
            sleeper: RecordingSleeper(), configuration: .init(syncLookbackMinutes: lookback))
        let problems = await SyncSourceConformance.check(
            client, advance: { clock.advance(milliseconds: $0) },
            setOutage: { await outage.set($0) })
        #expect(problems == [])
        #expect(client.syncHorizon == .hours(24))
        if !user.displayTimesHaveOffset {
            // The same receiver with the default 3-hour look-back loses the nightly upload, and the check says so.
            let clock = ManualClock(Self.start)
            let short = DexcomShareClient(
                region: .us,
                credentials: DexcomShareCredentials(accountName: user.name, password: SandboxServer.password),
                transport: SandboxServer(user: user, days: 4, clock: clock), clock: clock)
            let shortProblems = await SyncSourceConformance.check(
                short, advance: { clock.advance(milliseconds: $0) },
                setOutage: { _ in })
            #expect(shortProblems.contains { $0.contains("never delivered by the cursor chain") })
        }
    }

    @Test("Nightscout over a simulated site passes, with the horizon the host configured")
    func nightscout() async throws {
        let clock = ManualClock(Self.start)
        let site = SimulatedNightscoutSite(clock: clock, start: Self.start.adding(milliseconds: -3 * 86_400_000))
        let outage = OutageSwitch()
        var client = NightscoutClient(
            site: try NightscoutSite(URL(string: "https://ns.example.org")!), credential: .none,
            transport: OutageTransport(base: ClosureTransport { await site.answer($0) }, outage: outage),
            pageSize: 100, sleeper: RecordingSleeper(), clock: clock)
        client.syncOptions = NightscoutSyncOptions(horizon: .days(2))
        let problems = await SyncSourceConformance.check(
            client, advance: { clock.advance(milliseconds: $0) },
            setOutage: { await outage.set($0) })
        #expect(problems == [])
        #expect(client.syncHorizon == .days(2))
    }

    @Test("the sandbox source passes", arguments: SandboxUser.all)
    func sandbox(user: SandboxUser) async {
        let clock = ManualClock(Self.start)
        let source = SandboxSyncSource(user: user, days: 4, clock: clock)
        let problems = await SyncSourceConformance.check(
            source, advance: { clock.advance(milliseconds: $0) },
            setOutage: { await source.setOutage($0) })
        #expect(problems == [])
    }

    @Test("the check fails a source that moves its cursor past an outage, or delivers twice")
    func checkCatchesBrokenSources() async {
        let clock = ManualClock(Self.start)
        let inner = SandboxSyncSource(user: .g7, days: 4, clock: clock, lookbackMilliseconds: 0)
        let skipping = await SyncSourceConformance.check(
            SkippingSource(inner: inner, clock: clock),
            advance: { clock.advance(milliseconds: $0) },
            setOutage: { await inner.setOutage($0) })
        #expect(skipping.contains("the incomplete sync moved the cursor past data it did not fetch"))
        #expect(skipping.contains { $0.contains("never delivered by the cursor chain") })
        let repeating = await SyncSourceConformance.check(
            RepeatingSource(inner: inner),
            advance: { clock.advance(milliseconds: $0) },
            setOutage: { await inner.setOutage($0) })
        #expect(repeating.contains { $0.contains("delivered a second time") })
    }

    /// Wrong on purpose: on failure, jumps its cursor to now.
    struct SkippingSource: CGMSyncSource {
        let inner: SandboxSyncSource
        let clock: ManualClock
        var syncProvider: ProviderID { .sandbox }
        var syncHorizon: CGMSyncHorizon { inner.syncHorizon }
        func sync(since cursor: CGMSyncCursor?) async -> CGMSyncResult {
            let result = await inner.sync(since: cursor)
            guard !result.isComplete else { return result }
            let jumped = result.cursor.advanced(
                to: clock.now(), delivering: CGMBatch(provider: .sandbox),
                rememberFrom: clock.now())
            return CGMSyncResult(batch: result.batch, failures: result.failures, cursor: jumped)
        }
    }

    /// Wrong on purpose: ignores the cursor.
    struct RepeatingSource: CGMSyncSource {
        let inner: SandboxSyncSource
        var syncProvider: ProviderID { .sandbox }
        var syncHorizon: CGMSyncHorizon { inner.syncHorizon }
        func sync(since cursor: CGMSyncCursor?) async -> CGMSyncResult {
            await inner.sync(since: nil)
        }
    }
}
