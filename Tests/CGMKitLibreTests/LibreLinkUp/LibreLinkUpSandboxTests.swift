import CGMKit
import CGMKitLibre
import CGMKitSandbox
import CGMKitTesting
import Testing

/// A vendor outage for a test: while on, every request is answered 503 with no body.
actor LibreOutageSwitch {
    private(set) var isOn = false
    func set(_ on: Bool) { isOn = on }
}

/// A transport that fails while its switch is on.
struct LibreOutageTransport: HTTPTransport {
    let base: any HTTPTransport
    let outage: LibreOutageSwitch
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if await outage.isOn { return HTTPResponse(statusCode: 503) }
        return try await base.send(request)
    }
}

/// The simulated Libre 3 user served as LibreLinkUp, read by the real client (SPEC §6, §8).
@Suite("LibreLinkUp over the sandbox")
struct LibreLinkUpSandboxTests {
    static func client(_ server: SandboxServer, clock: (any CGMClock)? = nil, transport: (any HTTPTransport)? = nil)
        -> LibreLinkUpClient
    {
        LibreLinkUpClient(
            region: .eu,
            credentials: LibreLinkUpCredentials(
                email: SandboxServer.libreLinkUpEmail(for: .libre3), password: SandboxServer.password),
            transport: transport ?? server, clock: clock ?? ManualClock(SandboxServer.defaultNow),
            sleeper: RecordingSleeper())
    }

    @Test("the graph is 12 hours at 5-minute spacing plus the current reading, in Europe/Berlin, with no issue")
    func graph() async throws {
        let server = SandboxServer(user: .libre3, days: 2)
        let batch = try await Self.client(server).graph()
        #expect(batch.issues.isEmpty)
        #expect(batch.readings.count > 120)
        #expect(batch.readings.count <= 12 * 12 + 1)
        #expect(batch.devices.map(\.info.generation) == ["libre3"])
        let times = batch.readings.map(\.time.instant.millisecondsSince1970)
        let span = (times.last ?? 0) - (times.first ?? 0)
        #expect(span <= 12 * 3_600_000)
        #expect(batch.readings.last?.trend != .unknown)
        #expect(batch.readings.dropLast().allSatisfy { $0.trend == .unknown })
        // 2026-11-01 is winter time in Berlin: +01:00.
        #expect(batch.readings.allSatisfy { $0.time.utcOffsetMinutes == 60 })
        #expect(await server.requestCount == 3)
    }

    @Test("the logbook holds alarms as alerts and looked-at readings")
    func logbook() async throws {
        let server = SandboxServer(user: .libre3, days: 14)
        let batch = try await Self.client(server).logbook()
        #expect(batch.issues.isEmpty)
        #expect(!batch.alerts.isEmpty)
        #expect(Set(batch.alerts.map(\.name)).isSubset(of: ["low", "high"]))
        #expect(batch.readings.count >= batch.alerts.count)
    }

    @Test("an old version header gets 920 from the simulated server, as from Abbott's")
    func versionFloor() async {
        let server = SandboxServer(user: .libre3, days: 1)
        let client = LibreLinkUpClient(
            region: .eu,
            credentials: LibreLinkUpCredentials(
                email: SandboxServer.libreLinkUpEmail(for: .libre3), password: SandboxServer.password),
            transport: server, clock: ManualClock(SandboxServer.defaultNow), sleeper: RecordingSleeper(),
            configuration: .init(version: "4.12.0"))
        do {
            _ = try await client.graph()
            Issue.record("no error")
        } catch let error as CGMError {
            #expect(error.libreLinkUpFailure == .appVersionRejected(minimumVersion: "4.16.0"))
        } catch {
            Issue.record("threw \(type(of: error))")
        }
    }

    @Test("CGMSyncSource conformance over the sandbox (SPEC §12)")
    func syncConformance() async {
        let clock = ManualClock(SandboxServer.defaultNow.adding(milliseconds: -6 * 3_600_000))
        let server = SandboxServer(user: .libre3, days: 3, clock: clock)
        let outage = LibreOutageSwitch()
        let client = Self.client(server, clock: clock, transport: LibreOutageTransport(base: server, outage: outage))
        let problems = await SyncSourceConformance.check(
            client, advance: { clock.advance(milliseconds: $0) }, setOutage: { await outage.set($0) })
        #expect(problems == [])
        #expect(client.syncHorizon == .hours(12))
    }
}

/// The code of `CGMKitLibre.docc/FollowingWithLibreLinkUp.md`, run as written, so the article cannot
/// drift from the API.
@Suite("LibreLinkUp documentation example")
struct LibreLinkUpDocumentationExampleTests {
    @Test("the sandbox example of the DocC article runs")
    func sandboxExample() async throws {
        let server = SandboxServer(user: .libre3, days: 2)
        let client = LibreLinkUpClient(
            region: .eu,
            credentials: LibreLinkUpCredentials(
                email: SandboxServer.libreLinkUpEmail(for: .libre3),
                password: SandboxServer.password),
            transport: server)

        let graph = try await client.graph()
        let latest = graph.readings.last
        let logbook = try await client.logbook()

        var rejected = false
        do {
            _ = try await LibreLinkUpClient(
                region: .eu,
                credentials: LibreLinkUpCredentials(email: "someone@example.org", password: "wrong"),
                transport: server
            ).graph()
        } catch let error as CGMError where error.code == .credentialsRejected {
            rejected = true
        }

        #expect(graph.readings.count > 100)
        #expect(latest?.trend != .unknown)
        #expect(!logbook.alerts.isEmpty)
        #expect(rejected)
    }
}
