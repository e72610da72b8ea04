import CGMKit
import CGMKitDexcom
import CGMKitLibre
import CGMKitNightscout
import CGMKitSandbox
import CGMKitTesting
import Foundation
import Testing

/// Reliability D35–D38: the whole fixture suite and every client flow run with
/// canaries in place of tokens, passwords, session and account ids, glucose values,
/// times and transmitter ids. Every error and public value is rendered with string
/// interpolation, `String(reflecting:)`, `dump()`, a Mirror walk and
/// `localizedDescription`, and every log event is captured: no canary may appear.
@Suite("PHI canary sweep (D35–D38)")
struct CanarySweepTests {
    static let v3 = FixtureDirectory(relativeTo: #filePath, path: "../CGMKitDexcomTests/Fixtures/dexcom_v3")
    static let share = FixtureDirectory(
        relativeTo: #filePath, path: "../CGMKitDexcomTests/Fixtures/dexcom_share/payloads")
    static let cassettes = FixtureDirectory(
        relativeTo: #filePath,
        path: "../CGMKitDexcomTests/Fixtures/dexcom_share/cassettes")
    static let nightscout = FixtureDirectory(relativeTo: #filePath, path: "../CGMKitNightscoutTests/Fixtures/payloads")

    /// Every payload fixture, with the adapter that reads it.
    static let payloads: [(Adapter, FixtureDirectory, String)] =
        v3.fileNames(withExtension: "json").map { (.dexcomV3, v3, $0) }
        + share.fileNames(withExtension: "json").map { (.dexcomShare, share, $0) }
        + nightscout.fileNames(withExtension: "json").map { (.nightscout, nightscout, $0) }

    @Test("D35: every payload fixture of every adapter, canaries planted, leaks nothing on either path")
    func payloadSweep() throws {
        var ledger = LeakLedger()
        var plantedGlucose = 0
        var plantedIdentifiers = 0
        for (adapter, directory, name) in Self.payloads {
            var planter = CanaryPlanter()
            let planted = planter.plant(try JSONReader().read(directory.bytes(name)))
            let body = JSONWriter(layout: .compact).bytes(from: planted)
            for fastPath in [true, false] {
                do {
                    let batch = try adapter.normalizer(fastPath: fastPath).normalize(body)
                    ledger.check(batch: batch, name, canaries: planter.canaries)
                    plantedGlucose += batch.readings.filter { $0.glucose?.milligramsPerDeciliter == 287.25 }.count
                    plantedIdentifiers += batch.readings.filter { $0.id.rawValue.contains("CANARY") }.count
                } catch {
                    ledger.check(error, "\(name) error", canaries: planter.canaries)
                }
            }
        }
        #expect(ledger.leaks.isEmpty, "\(ledger.leaks.prefix(5))")
        // The sweep is not vacuous: canaries reached the model, and were still not shown.
        #expect(plantedGlucose > 100 && plantedIdentifiers > 100)
        #expect(ledger.renderedCount > 500)
    }

    /// Issue 16: the names in Clarity's preamble and LibreView's title line, replaced by
    /// canaries in every fixture, whole and cut after the header (an error path).
    @Test("D35: exported files (Clarity, LibreView): planted names appear in no batch, record, issue or error")
    func exportedFileSweep() throws {
        let zone = try #require(TimeZone(identifier: "Europe/Berlin"))
        let sets: [(any PayloadNormalizer, FixtureDirectory)] = [
            (
                ClarityNormalizer(timeZone: zone),
                FixtureDirectory(relativeTo: #filePath, path: "../CGMKitDexcomTests/Fixtures/dexcom_clarity")
            ),
            (
                LibreViewNormalizer(timeZone: zone),
                FixtureDirectory(relativeTo: #filePath, path: "../CGMKitLibreTests/Fixtures/libreview")
            ),
        ]
        let names = [
            "Zebulon": "CANARYFIRSTNAME", "Quaxworth": "CANARYLASTNAME", "Ottilie": "CANARYGIVEN",
            "Brimblecombe": "CANARYFAMILY",
        ]
        var ledger = LeakLedger()
        var files = 0
        for (normalizer, directory) in sets {
            for name in directory.fileNames(withExtension: "csv") {
                var text = String(decoding: try directory.bytes(name), as: UTF8.self)
                for (real, canary) in names { text = text.replacing(real, with: canary) }
                #expect(names.values.contains { text.contains($0) }, "\(name): no name planted")
                let cut = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(4)
                    .joined(separator: "\n")
                for body in [text, cut] {
                    do {
                        ledger.check(
                            batch: try normalizer.normalize(Array(body.utf8)), name, canaries: Set(names.values))
                    } catch {
                        ledger.check(error, "\(name) error", canaries: Set(names.values))
                    }
                }
                files += 1
            }
        }
        #expect(files >= 6)
        #expect(ledger.leaks.isEmpty, "\(ledger.leaks.prefix(5))")
    }

    /// The secrets in pydexcom's recordings, each replaced by a canary of the same shape.
    static let cassetteSecrets: [(String, String)] = [
        ("33333333-3333-3333-3333-333333333333", "ca11ab1e-0000-4000-8000-c0ffee000333"),
        ("55555555-5555-5555-5555-555555555555", "ca11ab1e-0000-4000-8000-c0ffee000555"),
        ("77777777-7777-7777-7777-777777777777", "ca11ab1e-0000-4000-8000-c0ffee000777"),
        ("99999999-9999-9999-9999-999999999999", "ca11ab1e-0000-4000-8000-c0ffee000999"),
        (#"\"u_ern_me\""#, #"\"CANARY-USER-1\""#), (#"\"username\""#, #"\"CANARY-USER-2\""#),
        (#"\"p_w0rd\""#, #"\"CANARY-PASS-1\""#), (#"\"password\":\"password\""#, #"\"password\":\"CANARY-PASS-2\""#),
    ]

    @Test(
        "D35/B28: every recorded Share exchange replayed with canary credentials, sessions and values",
        arguments: cassettes.fileNames(withExtension: "json"))
    func cassetteSweep(name: String) async throws {
        var text = String(decoding: try Self.cassettes.bytes(name), as: UTF8.self)
        for (secret, canary) in Self.cassetteSecrets { text = text.replacingOccurrences(of: secret, with: canary) }
        var canaries: Set<String> = ["CANARY", "ca11ab1e", "c0ffee"]
        for match in text.matches(of: /Date\((\d{8})\d+/) { canaries.insert(String(match.1)) }
        for match in text.matches(of: /\\"Value\\":(\d+)/) { canaries.insert("\(match.1) mg") }
        let fixture = try ExchangeFixture(json: Array(text.utf8))
        let sink = CapturingLogSink()
        var ledger = LeakLedger()
        for episode in Self.episodes(fixture.exchanges) {
            let transport = FixtureTransport(
                exchanges: episode, matcher: RequestMatcher(ignoredQueryItems: ["sessionId"]))
            let first = try #require(episode.first?.request)
            let url = try #require(URLComponents(string: first.url))
            let region = try #require(DexcomShareRegion.all.first { $0.host == url.host })
            let login = try episode.first {
                $0.request.url.contains("Login") || $0.request.url.contains("Authenticate")
            }
            .map { try JSONReader().read(Array($0.request.body.utf8)).objectValue }
            let credentials = DexcomShareCredentials(
                accountName: login??["accountName"]?.stringValue,
                accountID: login??["accountId"]?.stringValue ?? "ca11ab1e-0000-4000-8000-c0ffee000999",
                password: login??["password"]?.stringValue ?? "CANARY-PASS-3")
            let readsFirst = first.url.contains("ReadPublisher")
            let client = DexcomShareClient(
                region: region, credentials: credentials, transport: transport, logSink: sink,
                sessionID: readsFirst ? "ca11ab1e-0000-4000-8000-c0ffee000333" : nil)
            ledger.check(client, "\(name) client", canaries: canaries)
            ledger.check(credentials, "\(name) credentials", canaries: canaries)
            do {
                if readsFirst {
                    let query = Dictionary(
                        uniqueKeysWithValues: (url.queryItems ?? []).map { ($0.name, $0.value ?? "") })
                    let batch = try await client.latestReadings(
                        minutes: Int(query["minutes"] ?? "") ?? 10,
                        maxCount: Int(query["maxCount"] ?? "") ?? 1)
                    ledger.check(batch: batch, "\(name) batch", canaries: canaries)
                } else {
                    try await client.signIn()
                }
            } catch {
                ledger.check(error, "\(name) error", canaries: canaries)
            }
            for request in await transport.requests { ledger.check(request, "\(name) request", canaries: canaries) }
        }
        for event in sink.events { ledger.check(event, "\(name) log event", canaries: canaries) }
        #expect(!sink.events.isEmpty)
        #expect(ledger.leaks.isEmpty, "\(ledger.leaks.prefix(5))")
    }

    /// Splits a recording into its repeated episodes: the shortest period of the
    /// sequence of request paths.
    static func episodes(_ exchanges: [ExchangeFixture.Exchange]) -> [[ExchangeFixture.Exchange]] {
        let paths = exchanges.map { URLComponents(string: $0.request.url)?.path ?? "" }
        let length =
            (1...max(1, paths.count)).first { length in
                paths.count % length == 0 && paths.indices.allSatisfy { paths[$0] == paths[$0 % length] }
            } ?? paths.count
        return stride(from: 0, to: exchanges.count, by: length).map {
            Array(exchanges[$0..<min($0 + length, exchanges.count)])
        }
    }

    @Test(
        "D35/D36: the Dexcom v3 OAuth and sync flow of every sandbox user, with canary data and failing windows",
        arguments: SandboxUser.all)
    func dexcomV3Sweep(user: SandboxUser) async throws {
        let server = SandboxServer(user: user, days: 3)
        let planting = PlantingTransport(base: server)
        let sink = CapturingLogSink()
        let store = InMemoryDexcomV3TokenStore()
        let app = DexcomV3AppCredentials(
            clientID: SandboxServer.clientID, clientSecret: SandboxServer.clientSecret,
            redirectURI: SandboxServer.redirectURI)
        let client = DexcomV3Client(
            environment: .sandbox, app: app, tokenStore: store, transport: planting,
            clock: ManualClock(server.now), sleeper: RecordingSleeper(),
            random: SeededRandomSource(seed: 7), logSink: sink)
        let pending = try client.beginAuthorization()
        try await client.completeAuthorization(callback: try await server.approve(pending.url), pending: pending)
        let tokens = try #require(await store.load())
        let result = await client.fetch(from: server.now.adding(milliseconds: -3 * 86_400_000), to: server.now)
        // The events windows failed with a body echoing canaries: a partial result.
        #expect(!result.report.failures.isEmpty)
        #expect(result.batch.readings.contains { $0.glucose?.milligramsPerDeciliter == 287.25 })
        let refreshed = try #require(await store.load())
        var canaries = await planting.canaries
        canaries.formUnion([tokens.accessToken, refreshed.accessToken, pending.state])
        canaries.formUnion([tokens.refreshToken, refreshed.refreshToken].compactMap { $0 })
        var ledger = LeakLedger()
        ledger.check(batch: result.batch, "v3 batch", canaries: canaries)
        for value: Any in [result, result.report, tokens, refreshed, pending, client, app] {
            ledger.check(value, "v3 \(type(of: value))", canaries: canaries)
        }
        for failure in result.report.failures {
            ledger.check(failure, "v3 failure", canaries: canaries)
            ledger.check(failure.error, "v3 error", canaries: canaries)
        }
        // The one sync interface (SPEC §12): result, cursor and failures render no value either.
        let synced = await client.sync(since: nil)
        #expect(!synced.isComplete)
        for value: Any in [synced, synced.cursor, synced.batch] {
            ledger.check(value, "v3 sync \(type(of: value))", canaries: canaries)
        }
        for failure in synced.failures {
            ledger.check(failure, "v3 sync failure", canaries: canaries)
            ledger.check(failure.error, "v3 sync error", canaries: canaries)
        }
        for event in sink.events { ledger.check(event, "v3 log event \(event.name)", canaries: canaries) }
        #expect(sink.events.count > 5)
        #expect(ledger.leaks.isEmpty, "\(ledger.leaks.prefix(5))")
    }

    @Test(
        "D35/D37: Nightscout with a canary site, API secret and token; data and failures leak nothing",
        arguments: [NightscoutCredential.apiSecret("CANARY-NS-SECRET"), .token("CANARY-NS-TOKEN")])
    func nightscoutSweep(credential: NightscoutCredential) async throws {
        var planter = CanaryPlanter()
        let entries = JSONWriter(layout: .compact).bytes(
            from: planter.plant(
                try JSONReader().read(Self.nightscout.bytes("entries-xdrip-g6.json"))))
        let treatments = JSONWriter(layout: .compact).bytes(
            from: planter.plant(
                try JSONReader().read(Self.nightscout.bytes("treatments-careportal.json"))))
        let canaries = planter.canaries.union(["canary-site", "CANARY-NS"])
        let sink = CapturingLogSink()
        let site = try NightscoutSite(URL(string: "https://canary-site.example")!)
        var ledger = LeakLedger()
        for failing in [false, true] {
            let transport = ClosureTransport { request in
                if failing {
                    return HTTPResponse(statusCode: 401, body: Array(#"{"message":"CANARY-NS-SECRET is wrong"}"#.utf8))
                }
                return HTTPResponse(
                    statusCode: 200, body: request.url.path.contains("treatments") ? treatments : entries)
            }
            let client = NightscoutClient(
                site: site, credential: credential, transport: transport, pageSize: 10_000,
                sleeper: RecordingSleeper(), random: SeededRandomSource(seed: 1), logSink: sink)
            ledger.check(client, "Nightscout client", canaries: canaries)
            do {
                let batch = try await client.fetch(
                    from: CGMInstant(millisecondsSince1970: 0),
                    to: CGMInstant(millisecondsSince1970: 4_000_000_000_000))
                #expect(batch.readings.contains { $0.glucose?.milligramsPerDeciliter == 287.25 })
                ledger.check(batch: batch, "Nightscout batch", canaries: canaries)
            } catch {
                #expect(failing)
                ledger.check(error, "Nightscout error", canaries: canaries)
            }
        }
        ledger.check(site, "Nightscout site", canaries: canaries)
        ledger.check(credential, "Nightscout credential", canaries: canaries)
        for event in sink.events { ledger.check(event, "Nightscout log event", canaries: canaries) }
        #expect(ledger.leaks.isEmpty, "\(ledger.leaks.prefix(5))")
    }

    @Test("D35: types that hold secrets are not Encodable, so no encoder can write them by accident")
    func secretsAreNotEncodable() {
        let types: [Any.Type] = [
            DexcomV3Tokens.self, DexcomV3AppCredentials.self, DexcomV3PendingAuthorization.self,
            DexcomShareCredentials.self, NightscoutCredential.self, NightscoutSite.self,
            HTTPRequest.self, HTTPResponse.self, CGMError.self,
        ]
        for type in types { #expect(!(type is any Encodable.Type), "\(type)") }
    }

    @Test("D38: a default-configured flow writes nothing with a canary to the temporary directory")
    func nothingOnDisk() async throws {
        let temporary = FileManager.default.temporaryDirectory
        let before = try Self.files(under: temporary)
        let server = SandboxServer(user: SandboxUser.all[0], days: 1)
        let planting = PlantingTransport(base: server, failing: nil)
        let app = DexcomV3AppCredentials(
            clientID: SandboxServer.clientID, clientSecret: SandboxServer.clientSecret,
            redirectURI: SandboxServer.redirectURI)
        let client = DexcomV3Client(
            environment: .sandbox, app: app, tokenStore: InMemoryDexcomV3TokenStore(),
            transport: planting, clock: ManualClock(server.now))
        let pending = try client.beginAuthorization()
        try await client.completeAuthorization(callback: try await server.approve(pending.url), pending: pending)
        let result = await client.fetch(from: server.now.adding(milliseconds: -86_400_000), to: server.now)
        #expect(result.isComplete)
        // The bare prefix "CANARY" is left out: other tests running at the same time write
        // their own canaries to the temporary directory.
        let canaries = await planting.canaries.filter { $0 != "CANARY" }.sorted()
        #expect(canaries.count > 1, "the flow planted no canary, so the scan would prove nothing")
        #expect(try Self.filesHolding(canaries, under: temporary, except: before).isEmpty)

        // The scan itself can fail: a file holding a planted canary is found.
        let probe = temporary.appendingPathComponent("d38-probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: probe) }
        try Data(("x" + canaries[0]).utf8).write(to: probe.appendingPathComponent("leak.txt"))
        #expect(try Self.filesHolding(canaries, under: temporary, except: before).count == 1)
    }

    /// Every regular file under `directory`, recursively. Throws when it cannot be listed.
    static func files(under directory: URL) throws -> Set<String> {
        let manager = FileManager.default
        var found: Set<String> = []
        for name in try manager.contentsOfDirectory(atPath: directory.path) {
            let path = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                // A folder that another test removes while this one walks it has nothing to scan.
                found.formUnion((try? files(under: path)) ?? [])
            } else {
                found.insert(path.path)
            }
        }
        return found
    }

    /// The files created since `before` that hold any of `canaries`.
    static func filesHolding(_ canaries: [String], under directory: URL, except before: Set<String>) throws -> [String]
    {
        try files(under: directory).subtracting(before).filter { path in
            let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
            return canaries.contains { text.contains($0) }
        }.sorted()
    }
}

/// Wraps the sandbox: plants canaries in every data answer, and answers requests for
/// `failing` with a 400 whose body echoes canaries, as Dexcom's error pages and
/// Share's `Message` do.
actor PlantingTransport: HTTPTransport {
    let base: any HTTPTransport
    let failing: DexcomV3Endpoint?
    private var planter = CanaryPlanter()

    init(base: any HTTPTransport, failing: DexcomV3Endpoint? = .events) {
        self.base = base
        self.failing = failing
    }

    var canaries: Set<String> { planter.canaries }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await base.send(request)
        guard request.url.path.contains("/users/self/"), response.statusCode == 200 else { return response }
        if let failing, request.url.path.hasSuffix(failing.path) {
            return HTTPResponse(
                statusCode: 400, body: Array(#"{"error":"CANARY-ECHO \#(CanaryPlanter.glucoseCanary)"}"#.utf8))
        }
        guard let document = try? JSONReader().read(response.body) else { return response }
        let planted = planter.plant(document)
        return HTTPResponse(
            statusCode: 200, headerFields: response.headerFields,
            body: JSONWriter(layout: .compact).bytes(from: planted))
    }
}
