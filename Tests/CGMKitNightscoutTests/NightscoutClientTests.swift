import CGMKit
import CGMKitNightscout
import CGMKitTesting
import Foundation
import Testing

@Suite("Nightscout client")
struct NightscoutClientTests {
    static let exchanges = FixtureDirectory(relativeTo: #filePath, path: "Fixtures/exchanges")
    static let site = URL(string: "https://cgm.example.org")!
    static let start = CGMInstant(millisecondsSince1970: 1_792_683_900_000)
    static let end = CGMInstant(millisecondsSince1970: 1_792_685_100_000)

    @Test("a range is read page by page, then treatments; the recording is matched request by request and used up")
    func replaysRecordedFetch() async throws {
        let fixture = try ExchangeFixture(json: Self.exchanges.bytes("fetch-two-pages.json"))
        let transport = FixtureTransport(fixture: fixture)
        let client = NightscoutClient(
            site: try NightscoutSite(Self.site),
            credential: .apiSecret("The quick brown fox jumps over the lazy dog"),
            transport: transport, pageSize: 3)
        let batch = try await client.fetch(from: Self.start, to: Self.end)
        try await transport.verifyAllUsed()
        #expect(batch.readings.count == 4)
        #expect(batch.events.map(\.kind) == [.carbs, .insulin])
        #expect(batch.issues.isEmpty)
        #expect(ConformanceChecks.sortedAndUnique(batch).isEmpty)
    }

    @Test("the API secret travels as its SHA-1 hex digest in API-SECRET, a token as the token query item")
    func credentials() async throws {
        let seen = Captured()
        let transport = ClosureTransport { request in
            await seen.add(request)
            return HTTPResponse(statusCode: 200, body: Array("[]".utf8))
        }
        let site = try NightscoutSite(Self.site)
        _ = try await NightscoutClient(
            site: site, credential: .apiSecret("The quick brown fox jumps over the lazy dog"),
            transport: transport
        ).entries(from: Self.start, to: Self.end)
        _ = try await NightscoutClient(
            site: site, credential: .token("readable-1a2b3c4d5e6f7a8b"),
            transport: transport
        ).entries(from: Self.start, to: Self.end)
        let requests = await seen.requests
        #expect(requests[0].headerFields["API-SECRET"] == "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12")
        #expect(!requests[0].url.absoluteString.contains("token="))
        #expect(requests[1].headerFields["API-SECRET"] == nil)
        #expect(requests[1].url.query?.contains("token=readable-1a2b3c4d5e6f7a8b") == true)
    }

    @Test("401 is unauthorized; 503 is retried with backoff and then succeeds")
    func statuses() async throws {
        let refused = NightscoutClient(
            site: try NightscoutSite(Self.site), credential: .token("readable-0000"),
            transport: ClosureTransport { _ in
                HTTPResponse(statusCode: 401, body: Array(#"{"status":401,"message":"Unauthorized"}"#.utf8))
            })
        await #expect { try await refused.entries(from: Self.start, to: Self.end) } throws: {
            ($0 as? CGMError)?.code == .unauthorized
        }
        let calls = Captured()
        let flaky = ClosureTransport { request in
            await calls.add(request)
            return await calls.requests.count == 1
                ? HTTPResponse(statusCode: 503) : HTTPResponse(statusCode: 200, body: Array("[]".utf8))
        }
        let sleeper = RecordingSleeper()
        let client = NightscoutClient(
            site: try NightscoutSite(Self.site), credential: .none, transport: flaky,
            sleeper: sleeper, random: SeededRandomSource(seed: 1))
        let batch = try await client.entries(from: Self.start, to: Self.end)
        #expect(batch.readings.isEmpty)
        #expect(await calls.requests.count == 2)
        #expect(sleeper.delays.count == 1)
    }

    @Test(
        "a site must be https, or http to this machine, with no query or user",
        arguments: [
            ("https://cgm.example.org", true), ("https://example.org/ns/", true), ("http://localhost:1337", true),
            ("http://127.0.0.1:1337", true), ("http://cgm.example.org", false),
            ("https://cgm.example.org?token=x", false),
            ("https://user:pass@cgm.example.org", false), ("ftp://cgm.example.org", false),
        ])
    func siteRules(url: String, accepted: Bool) throws {
        let site = try? NightscoutSite(#require(URL(string: url)))
        #expect((site != nil) == accepted)
    }

    @Test("no secret, token or site address in any rendering of the client's values and errors")
    func noLeaks() async throws {
        let secret = "CANARY-SECRET-5b1d9e"
        let token = "CANARY-TOKEN-c0ffee"
        let site = try NightscoutSite(#require(URL(string: "https://canary-jane-doe.example.org")))
        let failing = ClosureTransport { _ in HTTPResponse(statusCode: 403) }
        let canaries = [secret, token, "canary-jane-doe", SHA1Vector.canarySecretDigest]
        for credential in [NightscoutCredential.apiSecret(secret), .token(token)] {
            let client = NightscoutClient(site: site, credential: credential, transport: failing)
            #expect(CanaryCheck.leaks(in: credential, canaries: canaries).isEmpty)
            #expect(CanaryCheck.leaks(in: client, canaries: canaries).isEmpty)
            do {
                _ = try await client.fetch(from: Self.start, to: Self.end)
                Issue.record("a 403 must throw")
            } catch {
                #expect(CanaryCheck.leaks(in: error, canaries: canaries).isEmpty)
            }
        }
    }
}

/// The SHA-1 hex digest of the canary secret above, computed independently
/// (`printf %s CANARY-SECRET-5b1d9e | sha1sum`).
enum SHA1Vector {
    static let canarySecretDigest = "09426cfbd8761d078905c3f455850357d4a8085d"
}

/// Requests a closure transport saw.
actor Captured {
    private(set) var requests: [HTTPRequest] = []
    func add(_ request: HTTPRequest) { requests.append(request) }
}
