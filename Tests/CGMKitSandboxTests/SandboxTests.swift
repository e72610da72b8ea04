import CGMKit
import CGMKitDexcom
import CGMKitSandbox
import CGMKitTesting
import Foundation
import Testing

private let app = DexcomV3AppCredentials(
    clientID: SandboxServer.clientID, clientSecret: SandboxServer.clientSecret,
    redirectURI: SandboxServer.redirectURI)

/// Authorizes a v3 client against the sandbox and fetches everything.
private func fetchV3(_ server: SandboxServer) async throws -> DexcomV3SyncResult {
    let client = DexcomV3Client(
        environment: .sandbox, app: app, tokenStore: InMemoryDexcomV3TokenStore(),
        transport: server, clock: ManualClock(server.now), sleeper: RecordingSleeper())
    let pending = try client.beginAuthorization()
    try await client.completeAuthorization(callback: try await server.approve(pending.url), pending: pending)
    return await client.fetch(from: nil)
}

@Suite("Sandbox provider")
struct SandboxTests {
    @Test("Determinism: the same user, days and end give byte-identical payloads", arguments: SandboxUser.all)
    func deterministic(user: SandboxUser) {
        let first = SandboxPayloads(trace: SandboxTrace(user: user, days: 14, end: SandboxServer.defaultNow))
        let second = SandboxPayloads(trace: SandboxTrace(user: user, days: 14, end: SandboxServer.defaultNow))
        let now = SandboxServer.defaultNow
        let start = now.adding(milliseconds: -14 * 86_400_000)
        #expect(first.egvs(from: start, to: now, now: now) == second.egvs(from: start, to: now, now: now))
        #expect(first.events(from: start, to: now, now: now) == second.events(from: start, to: now, now: now))
        #expect(
            first.calibrations(from: start, to: now, now: now) == second.calibrations(from: start, to: now, now: now))
        #expect(first.alerts(from: start, to: now, now: now) == second.alerts(from: start, to: now, now: now))
        #expect(first.devices(now: now) == second.devices(now: now))
        #expect(first.dataRange(now: now) == second.dataRange(now: now))
        #expect(
            first.shareReadings(now: now, minutes: 1440, maxCount: 288)
                == second.shareReadings(now: now, minutes: 1440, maxCount: 288))
        let other = SandboxPayloads(
            trace: SandboxTrace(user: user, days: 14, end: now.adding(milliseconds: 86_400_000)))
        #expect(
            other.egvs(from: start, to: now, now: now) != first.egvs(from: start, to: now, now: now)
                || user == .receiver)
    }

    @Test("A trace's values do not depend on how many days it covers", arguments: SandboxUser.all)
    func overlapAgrees(user: SandboxUser) {
        let short = SandboxTrace(user: user, days: 1, end: SandboxServer.defaultNow)
        let long = SandboxTrace(user: user, days: 14, end: SandboxServer.defaultNow)
        // The first reading of the short trace has no history, so no trend: compare from the second.
        let tail = Array(long.readings.suffix(short.readings.count - 1))
        let mismatches = zip(short.readings.dropFirst(), tail).filter { $0 != $1 }.count
        #expect(short.readings.count > 250)
        #expect(mismatches == 0)
    }

    @Test("The real dexcom_v3 adapter reads 14 days from the sandbox with zero issues", arguments: SandboxUser.all)
    func v3EndToEnd(user: SandboxUser) async throws {
        let server = SandboxServer(user: user, days: 14)
        let result = try await fetchV3(server)
        #expect(result.isComplete)
        #expect(result.batch.issues.isEmpty)
        #expect(result.batch.readings.count > 12 * 288)
        #expect(result.batch.events.contains { $0.kind == .carbs })
        #expect(result.batch.events.contains { $0.kind == .insulin })
        #expect(result.batch.devices.count == 1)
        #expect(result.batch.readings.contains { $0.status == .belowRange })
        #expect(result.batch.readings.contains { $0.status == .aboveRange })
        #expect(result.batch.calibrations.isEmpty == !user.calibrates)
    }

    @Test(
        "The real dexcom (Share) adapter reads the last day from the sandbox with zero issues",
        arguments: SandboxUser.all)
    func shareEndToEnd(user: SandboxUser) async throws {
        let server = SandboxServer(user: user, days: 2)
        let client = DexcomShareClient(
            region: .us,
            credentials: DexcomShareCredentials(
                accountName: user.name,
                password: SandboxServer.password),
            transport: server, clock: ManualClock(server.now), sleeper: RecordingSleeper())
        let batch = try await client.latestReadings()
        #expect(batch.issues.isEmpty)
        #expect(batch.readings.count > 100)
        #expect(batch.readings.count <= 288)
    }

    @Test("Share refuses a wrong password like Dexcom does, and the client latches")
    func shareWrongPassword() async {
        let server = SandboxServer(user: .g7, days: 1)
        let client = DexcomShareClient(
            region: .us, credentials: DexcomShareCredentials(accountName: "g7", password: "nope"),
            transport: server)
        let error = await #expect(throws: CGMError.self) { _ = try await client.latestReadings() }
        #expect(error?.code == .credentialsRejected)
    }

    @Test("Sensor sessions: a warm-up gap every 10 days, and G7 transmitter ids change with each sensor")
    func sessions() {
        for user in [SandboxUser.g7, .g6] {
            let trace = SandboxTrace(user: user, days: 30, end: SandboxServer.defaultNow)
            let gaps = zip(trace.readings, trace.readings.dropFirst()).filter {
                $1.systemTime.millisecondsSince1970 - $0.systemTime.millisecondsSince1970 >= Int64(user.warmUpMinutes)
                    * 60_000
            }
            #expect(gaps.count == 3, "\(user)")
            let transmitters = Set(trace.readings.map(\.transmitterID))
            #expect(user == .g7 ? transmitters.count >= 3 : transmitters.count <= 2, "\(user)")
        }
    }

    @Test("Receiver times carry no offset; the adapter infers +05:45 from them")
    func receiverOffset() async throws {
        let server = SandboxServer(user: .receiver, days: 3)
        let body = server.payloads.egvs(
            from: server.now.adding(milliseconds: -3 * 86_400_000), to: server.now, now: server.now)
        let text = String(decoding: body, as: UTF8.self)
        #expect(!text.contains("+05:45"))
        let batch = try DexcomV3Normalizer().normalize(body)
        #expect(!batch.readings.isEmpty)
        #expect(batch.readings.allSatisfy { $0.time.utcOffsetMinutes == 345 })
    }

    @Test("The receiver uploads nightly: the last hours arrive only after the next docking")
    func receiverBackfill() {
        let trace = SandboxTrace(user: .receiver, days: 2, end: SandboxServer.defaultNow)
        let pending = trace.readings.filter { $0.uploadedAt > SandboxServer.defaultNow }
        #expect(pending.count > 12)
        let payload = SandboxPayloads(trace: trace).egvs(
            from: trace.start, to: trace.end, now: SandboxServer.defaultNow)
        #expect(!String(decoding: payload, as: UTF8.self).contains(pending[0].id))
    }

    @Test("Phones backfill after signal loss: readings uploaded late, none lost")
    func phoneBackfill() {
        let trace = SandboxTrace(user: .g7, days: 14, end: SandboxServer.defaultNow)
        let late = trace.readings.filter { $0.uploadedAt > $0.systemTime }
        #expect(late.count > 10)
        #expect(
            late.allSatisfy { $0.uploadedAt.millisecondsSince1970 - $0.systemTime.millisecondsSince1970 <= 90 * 60_000 }
        )
    }

    @Test("DST: New York readings switch from −04:00 to −05:00 across 2026-11-01, with no gap in instants")
    func daylightSaving() throws {
        let server = SandboxServer(user: .g6, days: 2)
        let body = server.payloads.egvs(
            from: server.now.adding(milliseconds: -2 * 86_400_000), to: server.now, now: server.now)
        let batch = try DexcomV3Normalizer().normalize(body)
        let offsets = batch.readings.compactMap(\.time.utcOffsetMinutes)
        #expect(Set(offsets) == [-240, -300])
        #expect(offsets.firstIndex(of: -300)! > offsets.lastIndex(of: -240)!)
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.contains("T01:30") && text.contains("-04:00") && text.contains("-05:00"))
    }

    @Test(
        "Time zones: the DST rules give the right offsets",
        arguments: [
            ("2026-03-08T06:59:59Z", SandboxTimeZone.newYork, -300), ("2026-03-08T07:00:00Z", .newYork, -240),
            ("2026-11-01T05:59:59Z", .newYork, -240), ("2026-11-01T06:00:00Z", .newYork, -300),
            ("2026-03-29T00:59:59Z", .berlin, 60), ("2026-03-29T01:00:00Z", .berlin, 120),
            ("2026-10-25T00:59:59Z", .london, 60), ("2026-10-25T01:00:00Z", .london, 0),
            ("2026-07-01T00:00:00Z", .kathmandu, 345),
        ])
    func zones(time: String, zone: SandboxTimeZone, offset: Int) throws {
        let instant = try #require(ISO8601Timestamp(time)).instantAssumingUTC
        #expect(zone.offsetMinutes(at: instant) == offset)
    }

    @Test("Windows longer than 30 days are refused like Dexcom does")
    func windowLimit() async throws {
        let server = SandboxServer(user: .g7, days: 1)
        let store = InMemoryDexcomV3TokenStore()
        let client = DexcomV3Client(
            environment: .sandbox, app: app, tokenStore: store,
            transport: server, clock: ManualClock(server.now), sleeper: RecordingSleeper())
        let pending = try client.beginAuthorization()
        try await client.completeAuthorization(callback: try await server.approve(pending.url), pending: pending)
        let token = try #require(await store.load()).accessToken
        let url = "https://sandbox-api.dexcom.com/v3/users/self/egvs?startDate=2026-01-01T00:00:00&endDate="
        let long = HTTPRequest(
            method: .get, url: URL(string: url + "2026-03-01T00:00:00")!,
            headerFields: ["Authorization": "Bearer " + token])
        #expect(try await server.send(long).statusCode == 400)
        let allowed = HTTPRequest(
            method: .get, url: URL(string: url + "2026-01-31T00:00:00")!,
            headerFields: ["Authorization": "Bearer " + token])
        #expect(try await server.send(allowed).statusCode == 200)
        var unauthorized = allowed
        unauthorized.headerFields["Authorization"] = "Bearer forged"
        #expect(try await server.send(unauthorized).statusCode == 401)
    }
}
