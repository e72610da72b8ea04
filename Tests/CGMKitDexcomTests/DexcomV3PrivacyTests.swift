import CGMKit
import CGMKitDexcom
import CGMKitTesting
import Foundation
import Testing

/// P1–P3 for the OAuth client: secrets, states, codes and data never reach
/// descriptions, dumps, errors or log events.
@Suite("Dexcom v3 client privacy")
struct DexcomV3PrivacyTests {
    static let canaries = [
        "CANARY-SECRET-51", "CANARY-CLIENT-7", "CANARY-ACCESS-3", "CANARY-REFRESH-9", "CANARY-CODE-4",
        "egv-17", "2025-01-01",
    ]

    @Test("Credentials, tokens, pending authorizations and sync values render without their contents")
    func valuesAreRedacted() throws {
        let app = DexcomV3AppCredentials(
            clientID: "CANARY-CLIENT-7", clientSecret: "CANARY-SECRET-51",
            redirectURI: "https://app.example/CANARY-CODE-4")
        let tokens = DexcomV3Tokens(
            accessToken: "CANARY-ACCESS-3", refreshToken: "CANARY-REFRESH-9", issuedAt: V3.start,
            expiresAt: V3.start)
        let pending = DexcomV3PendingAuthorization(
            url: URL(string: "https://x.example/?state=CANARY-CODE-4")!,
            state: "CANARY-CODE-4", codeVerifier: "CANARY-SECRET-51",
            createdAt: V3.start)
        let window = DexcomV3Window(start: V3.start, end: V3.start.adding(milliseconds: 1000))
        let values: [Any] = [app, tokens, pending, window]
        for value in values {
            #expect(CanaryCheck.leaks(in: value, canaries: Self.canaries).isEmpty, "\(type(of: value))")
        }
    }

    @Test("A whole flow with canary secrets leaks nothing into errors or log events")
    func flowLeaksNothing() async throws {
        let server = DexcomV3TestServer()
        await server.setReadings([("egv-17", V3.start, 173)])
        let sink = CapturingLogSink()
        let clock = ManualClock(V3.start.adding(milliseconds: 86_400_000))
        let store = InMemoryDexcomV3TokenStore()
        let app = DexcomV3AppCredentials(
            clientID: "CANARY-CLIENT-7", clientSecret: "CANARY-SECRET-51",
            redirectURI: V3.app.redirectURI)
        let client = DexcomV3Client(
            environment: .sandbox, app: app, tokenStore: store, transport: server, clock: clock,
            sleeper: RecordingSleeper(), random: SeededRandomSource(seed: 1), logSink: sink)
        await server.overrideToken { request, call in
            let form = DexcomV3TestServer.form(request.body)
            if form["grant_type"] == "authorization_code" {
                return .json(
                    200, #"{"access_token":"CANARY-ACCESS-3","expires_in":7200,"refresh_token":"CANARY-REFRESH-9"}"#)
            }
            return .json(400, #"{"error":"invalid_grant","error_description":"CANARY-REFRESH-9 is not active"}"#)
        }
        await server.install(access: "CANARY-ACCESS-3", refresh: "CANARY-REFRESH-9")
        var errors: [any Error] = []
        let pending = try client.beginAuthorization()
        for query in ["code=CANARY-CODE-4&state=CANARY-CODE-4", "error=CANARY-CODE-4&state=" + pending.state] {
            do {
                try await client.completeAuthorization(
                    callback: URL(string: V3.app.redirectURI + "?" + query)!, pending: pending)
            } catch { errors.append(error) }
        }
        let second = try client.beginAuthorization()
        try await client.completeAuthorization(
            callback: URL(string: V3.app.redirectURI + "?code=CANARY-CODE-4&state=" + second.state)!,
            pending: second)
        let result = await client.fetch(from: nil)
        #expect(result.batch.readings.count == 1)
        await server.overrideData(.egvs) { _, _ in .json(401, #"{"message":"CANARY-ACCESS-3 expired"}"#) }
        let failed = await client.fetch(from: nil)
        errors += failed.report.failures.map(\.error)
        #expect(errors.count >= 3)
        for error in errors { #expect(CanaryCheck.leaks(in: error, canaries: Self.canaries).isEmpty, "\(error)") }
        #expect(CanaryCheck.leaks(in: failed.report, canaries: Self.canaries).isEmpty)
        let logged = sink.events.map(\.description).joined(separator: "\n")
        #expect(!sink.events.isEmpty)
        for canary in Self.canaries { #expect(!logged.contains(canary)) }
    }
}
