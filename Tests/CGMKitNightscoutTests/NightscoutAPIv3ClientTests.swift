import CGMKit
import CGMKitNightscout
import CGMKitTesting
import Foundation
import Testing

/// API v3: the access token becomes a JWT, sent as a bearer token until it expires.
@Suite("Nightscout API v3 client")
struct NightscoutAPIv3ClientTests {
    static let site = URL(string: "https://cgm.example.org")!
    static let start = CGMInstant(millisecondsSince1970: 1_773_129_000_000)
    static let end = CGMInstant(millisecondsSince1970: 1_773_130_000_000)
    static let accessToken = "readable-76eaff2418bfb7e0"

    /// A v3 site: answers the JWT request with JWT number N (expiring `lifetime` s after
    /// the clock), and every collection with one page holding one entry per request.
    actor Site {
        var jwtRequests = 0
        var requests: [HTTPRequest] = []
        var revoked: Set<String> = []
        let clock: ManualClock
        init(clock: ManualClock) { self.clock = clock }

        func revoke(_ jwt: String) { revoked.insert(jwt) }

        func answer(_ request: HTTPRequest) -> HTTPResponse {
            requests.append(request)
            let path = request.url.path
            if path.hasPrefix("/api/v2/authorization/request/") {
                guard path.hasSuffix(NightscoutAPIv3ClientTests.accessToken) else {
                    return HTTPResponse(statusCode: 401)
                }
                jwtRequests += 1
                let exp = clock.now().millisecondsSince1970 / 1_000 + 3_600
                return HTTPResponse(
                    statusCode: 200,
                    body: Array(#"{"token":"jwt-\#(jwtRequests)","sub":"reader","iat":1,"exp":\#(exp)}"#.utf8))
            }
            guard let bearer = request.headerFields["Authorization"], bearer.hasPrefix("Bearer jwt-"),
                !revoked.contains(String(bearer.dropFirst(7)))
            else {
                return HTTPResponse(
                    statusCode: 401, body: Array(#"{"status":401,"message":"Missing or bad access token or JWT"}"#.utf8)
                )
            }
            if path == "/api/v3/entries" {
                return HTTPResponse(
                    statusCode: 200,
                    body: Array(
                        #"{"status":200,"result":[{"identifier":"d1","date":1773129600000,"type":"sgv","sgv":120,"app":"AAPS"}]}"#
                            .utf8))
            }
            return HTTPResponse(
                statusCode: 200,
                body: Array(
                    #"{"status":200,"result":[{"identifier":"t1","date":1773129300000,"eventType":"Carb Correction","carbs":12,"app":"AAPS"}]}"#
                        .utf8))
        }
    }

    static func client(_ site: Site, clock: ManualClock, credential: NightscoutCredential = .token(accessToken)) throws
        -> NightscoutClient
    {
        NightscoutClient(
            site: try NightscoutSite(Self.site), credential: credential,
            transport: ClosureTransport { await site.answer($0) }, api: .v3, clock: clock)
    }

    @Test("entries and treatments come from /api/v3 with one JWT, sent as a bearer token, never as a query item")
    func readsWithJWT() async throws {
        let clock = ManualClock(Self.start)
        let site = Site(clock: clock)
        let batch = try await Self.client(site, clock: clock).fetch(from: Self.start, to: Self.end)
        #expect(batch.readings.map(\.id.rawValue) == ["nightscout:d1"])
        #expect(batch.events.map(\.id.rawValue) == ["nightscout:t1#carbs"])
        #expect(await site.jwtRequests == 1)
        let reads = await site.requests.filter { $0.url.path.hasPrefix("/api/v3/") }
        #expect(reads.map(\.url.path) == ["/api/v3/entries", "/api/v3/treatments"])
        for read in reads {
            #expect(read.headerFields["Authorization"] == "Bearer jwt-1")
            #expect(read.headerFields["API-SECRET"] == nil)
            let query = read.url.query ?? ""
            #expect(!query.contains("token="))
            #expect(query.contains("date%24gte=1773129000000") && query.contains("date%24lt=1773130000000"))
            #expect(query.contains("limit=1000"))
        }
    }

    @Test("an expiring JWT is renewed before use; a revoked one is replaced once after a 401")
    func renewal() async throws {
        let clock = ManualClock(Self.start)
        let site = Site(clock: clock)
        let client = try Self.client(site, clock: clock)
        _ = try await client.entries(from: Self.start, to: Self.end)
        clock.advance(seconds: 3_600 - 30)
        _ = try await client.entries(from: Self.start, to: Self.end)
        #expect(await site.jwtRequests == 2)
        await site.revoke("jwt-2")
        let batch = try await client.entries(from: Self.start, to: Self.end)
        #expect(batch.readings.count == 1)
        #expect(await site.jwtRequests == 3)
    }

    @Test("API v3 refuses the API secret before any request; a refused access token is unauthorized")
    func credentials() async throws {
        let clock = ManualClock(Self.start)
        let site = Site(clock: clock)
        await #expect {
            try await Self.client(site, clock: clock, credential: .apiSecret("The quick brown fox jumps"))
                .entries(from: Self.start, to: Self.end)
        } throws: { ($0 as? CGMError)?.code == .invalidArgument }
        #expect(await site.requests.isEmpty)
        await #expect {
            try await Self.client(site, clock: clock, credential: .token("readable-wrong"))
                .entries(from: Self.start, to: Self.end)
        } throws: { error in
            (error as? CGMError)?.code == .unauthorized && !"\(error)".contains("readable-wrong")
        }
    }
}
