@_spi(AdapterSupport) import CGMKit
import CGMKitTesting
import Foundation
import Testing

@Suite("Testing kit")
struct TestingKitTests {
    static let exchange = ExchangeFixture.Exchange(
        request: .init(
            method: "POST", url: "https://example.test/read?sessionId=abc&minutes=10",
            headers: ["Content-Type": "application/json"], body: #"{"b":2,"a":"x"}"#),
        response: .init(status: 200, headers: ["Content-Type": "application/json"], body: "[]"))

    @Test("a fixture written as JSON reads back the same")
    func fixtureRoundTrips() throws {
        let fixture = ExchangeFixture(source: "unit test", exchanges: [Self.exchange])
        #expect(try ExchangeFixture(json: fixture.jsonBytes()) == fixture)
        #expect(throws: ExchangeFixture.FormatError.self) {
            try ExchangeFixture(json: Array(#"{"exchanges":[{}]}"#.utf8))
        }
    }

    @Test("the matcher compares method, path, query and JSON body, ignoring key order and volatile items")
    func matcher() throws {
        let matcher = RequestMatcher(ignoredQueryItems: ["sessionId"])
        func request(_ url: String, _ body: String, _ method: HTTPRequest.Method = .post) throws -> HTTPRequest {
            HTTPRequest(method: method, url: try #require(URL(string: url)), body: Array(body.utf8))
        }
        let recorded = Self.exchange.request
        #expect(
            matcher.mismatch(
                recorded: recorded,
                actual: try request("https://example.test/read?minutes=10&sessionId=zzz", #"{"a":"x","b":2}"#)) == nil)
        #expect(
            matcher.mismatch(
                recorded: recorded, actual: try request("https://example.test/read?minutes=10", #"{"a":"x","b":2}"#))
                == nil)
        #expect(
            matcher.mismatch(
                recorded: recorded, actual: try request("https://example.test/read?minutes=11", #"{"a":"x","b":2}"#))
                != nil)
        #expect(
            matcher.mismatch(
                recorded: recorded, actual: try request("https://example.test/other?minutes=10", #"{"a":"x","b":2}"#))
                != nil)
        #expect(
            matcher.mismatch(
                recorded: recorded, actual: try request("https://example.test/read?minutes=10", #"{"a":"y","b":2}"#))
                != nil)
        #expect(
            matcher.mismatch(
                recorded: recorded, actual: try request("https://example.test/read?minutes=10", #"{"a":"x"}"#)) != nil)
        #expect(
            matcher.mismatch(
                recorded: recorded,
                actual: try request("https://example.test/read?minutes=10", #"{"a":"x","b":2}"#, .get)) != nil)
    }

    @Test("the fixture transport replays in order and fails on an extra or unused exchange")
    func fixtureTransport() async throws {
        let transport = FixtureTransport(
            exchanges: [Self.exchange], matcher: RequestMatcher(ignoredQueryItems: ["sessionId"]))
        await #expect(throws: FixtureTransport.UnexpectedRequest.self) { try await transport.verifyAllUsed() }
        let url = try #require(URL(string: "https://example.test/read?minutes=10"))
        let response = try await transport.send(
            HTTPRequest(method: .post, url: url, body: Array(#"{"a":"x","b":2}"#.utf8)))
        #expect(response.statusCode == 200)
        try await transport.verifyAllUsed()
        await #expect(throws: FixtureTransport.UnexpectedRequest.self) {
            _ = try await transport.send(HTTPRequest(method: .post, url: url))
        }
    }

    @Test("a golden file reports a missing file and the first differing line")
    func goldenMismatch() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cgmkit-golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("g.json").path
        #expect(throws: GoldenFile.Mismatch.self) { try GoldenFile(path: path).verify("a\n") }
        try Data("a\nb\n".utf8).write(to: URL(fileURLWithPath: path))
        try GoldenFile(path: path).verify("a\nb\n")
        do {
            try GoldenFile(path: path).verify("a\nc\n")
            Issue.record("a difference passed")
        } catch let mismatch as GoldenFile.Mismatch {
            #expect(mismatch.description.contains("line 2"))
        }
    }

    @Test("the manual clock moves only when told")
    func manualClock() {
        let clock = ManualClock(CGMInstant(millisecondsSince1970: 0))
        clock.advance(seconds: 90)
        #expect(clock.now().millisecondsSince1970 == 90_000)
    }

    @Test("the recording sleeper returns at once, records delays, and can move a manual clock")
    func recordingSleeper() async throws {
        let clock = ManualClock(CGMInstant(millisecondsSince1970: 0))
        let sleeper = RecordingSleeper(advancing: clock)
        try await sleeper.sleep(milliseconds: 1500)
        try await sleeper.sleep(milliseconds: 250)
        #expect(sleeper.delays == [1500, 250])
        #expect(clock.now().millisecondsSince1970 == 1750)
        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await sleeper.sleep(milliseconds: 1)
        }
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(sleeper.delays.count == 2)
    }

    @Test("SplitMix64 is the published sequence, and the seeded source follows it")
    func splitMix() {
        var generator = SplitMix64(seed: 1_234_567)
        // Reference values of SplitMix64 for seed 1234567 (Vigna's splitmix64.c).
        #expect(generator.next() == 6_457_827_717_110_365_317)
        #expect(generator.next() == 3_203_168_211_198_807_973)
        let source = SeededRandomSource(seed: 1_234_567)
        #expect(source.next() == 6_457_827_717_110_365_317)
    }
}
