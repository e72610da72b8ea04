import CGMKit
import CGMKitTesting
import Foundation
import Testing

@testable import CGMKitDexcom

/// Reliability cases A1–A6 and A18 of `shared/reference/reliability.md`: the
/// authorization code flow, against a scripted token endpoint.
@Suite("Dexcom v3 authorization (A1–A6, A18)")
struct DexcomV3AuthorizationTests {
    let server = DexcomV3TestServer()
    let store = InMemoryDexcomV3TokenStore()
    let clock = ManualClock(V3.start)

    private func callback(_ query: String, base: String = V3.app.redirectURI) -> URL {
        URL(string: base + "?" + query)!
    }

    private func stateParameter(_ pending: DexcomV3PendingAuthorization) -> String {
        "state=" + OAuthEncoding.percentEncoded(pending.state)
    }

    @Test("The login URL carries the registered redirect URI, offline_access, state and an S256 challenge")
    func loginURL() throws {
        let client = V3.client(server, store: store, clock: clock)
        let pending = try client.beginAuthorization()
        let components = try #require(URLComponents(url: pending.url, resolvingAgainstBaseURL: false))
        #expect(components.scheme == "https")
        #expect(components.host == "sandbox-api.dexcom.com")
        #expect(components.path == "/v2/oauth2/login")
        let query = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(query["client_id"] == "client-id")
        #expect(query["redirect_uri"] == V3.app.redirectURI)
        #expect(query["response_type"] == "code")
        #expect(query["scope"] == "offline_access")
        #expect(query["state"] == pending.state)
        #expect(query["code_challenge_method"] == "S256")
        #expect(query["code_challenge"] == PKCE.challenge(for: try #require(pending.codeVerifier)))
        #expect("\(pending)" == "DexcomV3PendingAuthorization(<redacted>)")
    }

    @Test("A1: state comes from 32 random bytes: 43 base64url characters, never repeated")
    func stateIsRandom() throws {
        let client = DexcomV3Client(environment: .us, app: V3.app, tokenStore: store, transport: server)
        var seen = Set<String>()
        for _ in 0..<1000 {
            let state = try client.beginAuthorization().state
            #expect(state.utf8.count == 43)
            #expect(state.utf8.allSatisfy(OAuthEncoding.isUnreserved))
            seen.insert(state)
        }
        #expect(seen.count == 1000)
    }

    @Test(
        "A1: a callback whose state is missing, empty, mismatched or expired never reaches the token endpoint",
        arguments: ["missing", "empty", "mismatched", "expired", "prefix"])
    func badState(kind: String) async throws {
        let client = V3.client(server, store: store, clock: clock)
        let pending = try client.beginAuthorization()
        let query: String
        switch kind {
        case "missing": query = "code=code-1"
        case "empty": query = "code=code-1&state="
        case "mismatched": query = "code=code-1&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        case "prefix": query = "code=code-1&state=" + String(pending.state.dropLast())
        default:
            clock.advance(seconds: 601)
            query = "code=code-1&" + stateParameter(pending)
        }
        let error = await #expect(throws: CGMError.self) {
            try await client.completeAuthorization(callback: callback(query), pending: pending)
        }
        #expect(error?.code == .authorizationStateInvalid)
        #expect(!"\(error!)".contains(pending.state))
        #expect(await server.tokenRequests.isEmpty)
        #expect(await store.load() == nil)
    }

    @Test("A1/A4: a replayed callback is refused; the code is exchanged exactly once")
    func replay() async throws {
        let client = V3.client(server, store: store, clock: clock)
        let pending = try client.beginAuthorization()
        let url = callback("code=code-1&" + stateParameter(pending))
        try await client.completeAuthorization(callback: url, pending: pending)
        let stored = try #require(await store.load())
        #expect(stored.accessToken == "access-1")
        #expect(stored.refreshToken == "refresh-1")
        #expect(stored.expiresAt == V3.start.adding(milliseconds: 7_200_000))
        let error = await #expect(throws: CGMError.self) {
            try await client.completeAuthorization(callback: url, pending: pending)
        }
        #expect(error?.code == .authorizationStateInvalid)
        #expect(await server.tokenRequests.count == 1)
    }

    @Test("The code exchange sends the byte-identical redirect URI, the secret and the PKCE verifier")
    func exchangeForm() async throws {
        let client = V3.client(server, store: store, clock: clock)
        let pending = try client.beginAuthorization()
        try await client.completeAuthorization(
            callback: callback("code=code-1&" + stateParameter(pending)), pending: pending)
        let form = try #require(await server.tokenRequests.first)
        #expect(
            form == [
                "grant_type": "authorization_code", "code": "code-1", "redirect_uri": V3.app.redirectURI,
                "client_id": "client-id", "client_secret": "client+secret&=",
                "code_verifier": try #require(pending.codeVerifier),
            ])
    }

    @Test(
        "A2: error=access_denied with a valid state is a denial; with a bad or no state it is a state failure",
        arguments: [
            ("valid", CGMError.Code.authorizationDenied), ("bad", .authorizationStateInvalid),
            ("none", .authorizationStateInvalid),
        ])
    func denied(state: String, expected: CGMError.Code) async throws {
        let client = V3.client(server, store: store, clock: clock)
        let pending = try client.beginAuthorization()
        var query = "error=access_denied"
        if state == "valid" { query += "&" + stateParameter(pending) }
        if state == "bad" { query += "&state=forged" }
        let error = await #expect(throws: CGMError.self) {
            try await client.completeAuthorization(callback: callback(query), pending: pending)
        }
        #expect(error?.code == expected)
        #expect(await server.tokenRequests.isEmpty)
    }

    @Test(
        "A3: a callback with both code and error, or repeated parameters, is rejected",
        arguments: ["code=code-1&error=access_denied", "code=code-1&code=code-2", "error=x&error=y"])
    func malformed(extra: String) async throws {
        let client = V3.client(server, store: store, clock: clock)
        let pending = try client.beginAuthorization()
        let error = await #expect(throws: CGMError.self) {
            try await client.completeAuthorization(
                callback: callback(extra + "&" + stateParameter(pending)), pending: pending)
        }
        #expect(error?.code == .authorizationStateInvalid)
        #expect(await server.tokenRequests.isEmpty)
    }

    @Test(
        "O3: a callback that arrives anywhere but the exact registered redirect URI is rejected",
        arguments: [
            "https://app.example/dexcom/callback/", "https://APP.example/dexcom/callback",
            "https://app.example/dexcom/Callback",
            "https://app.example/dexcom/call%62ack", "http://app.example/dexcom/callback",
            "https://evil.example/dexcom/callback",
        ])
    func redirectMismatch(base: String) async throws {
        let client = V3.client(server, store: store, clock: clock)
        let pending = try client.beginAuthorization()
        let error = await #expect(throws: CGMError.self) {
            try await client.completeAuthorization(
                callback: callback("code=code-1&" + stateParameter(pending), base: base),
                pending: pending)
        }
        #expect(error?.code == .authorizationStateInvalid)
        #expect(await server.tokenRequests.isEmpty)
    }

    @Test("A5: PKCE matches RFC 7636 Appendix B; 1000 verifiers are 43 unreserved characters")
    func pkce() {
        #expect(
            PKCE.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
                == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        let random = SeededRandomSource(seed: 42)
        for _ in 0..<1000 {
            let verifier = PKCE.makeVerifier(random: random)
            #expect((43...128).contains(verifier.utf8.count))
            #expect(verifier.utf8.allSatisfy(OAuthEncoding.isUnreserved))
        }
    }

    @Test("PKCE can be turned off: no challenge is sent and no verifier kept")
    func pkceOff() throws {
        let client = V3.client(server, store: store, clock: clock, configuration: .init(usesPKCE: false))
        let pending = try client.beginAuthorization()
        #expect(pending.codeVerifier == nil)
        #expect(!pending.url.absoluteString.contains("code_challenge"))
    }

    @Test(
        "A6: token responses are read tolerantly",
        arguments: [
            (#"{"access_token":"a","expires_in":7200,"token_type":"Bearer","refresh_token":"r"}"#, Int64(7200), "r"),
            (#"{"access_token":"a","expires_in":"7200","token_type":"bearer"}"#, 7200, "old"),
            (#"{"access_token":"a","expires_in":7200.9}"#, 7200, "old"),
            (#"{"access_token":"a"}"#, 3600, "old"),
            (#"{"access_token":"a","expires_in":0}"#, 3600, "old"),
            (#"{"access_token":"a","expires_in":-1}"#, 3600, "old"),
            (#"{"access_token":"a","expires_in":1e12}"#, 2_592_000, "old"),
            (#"{"access_token":"a","expires_in":"soon","refresh_token":""}"#, 3600, "old"),
            (
                #"{"access_token":"a","expires_in":7200,"not-before-policy":"1726871301,","session_state":"x","scope":["a"]}"#,
                7200, "old"
            ),
        ])
    func tokenVariants(body: String, lifetime: Int64, refresh: String) throws {
        let tokens = try TokenEndpointResponse.tokens(
            from: Array(body.utf8), receivedAt: V3.start, previousRefreshToken: "old")
        #expect(tokens.accessToken == "a")
        #expect(tokens.refreshToken == refresh)
        #expect(tokens.expiresAt.millisecondsSince1970 - V3.start.millisecondsSince1970 == lifetime * 1000)
    }

    @Test(
        "A6: token responses without a usable access token are errors",
        arguments: [
            #"{"expires_in":7200}"#, #"{"access_token":""}"#, #"{"access_token":42}"#, #"[{"access_token":"a"}]"#,
            "<html>ok</html>", "", #"{"access_token":"a","token_type":"mac"}"#,
            #"{"access_token":"a","access_token":"b"}"#,
        ])
    func tokenErrors(body: String) {
        #expect(throws: CGMError.self) {
            try TokenEndpointResponse.tokens(from: Array(body.utf8), receivedAt: V3.start, previousRefreshToken: nil)
        }
    }

    @Test(
        "Token-endpoint failures are classified by the OAuth error, never by its free text",
        arguments: [
            (
                400, #"{"error":"invalid_grant","error_description":"Token is not active"}"#,
                CGMError.Code.reauthorizationRequired
            ),
            (401, #"{"error":"invalid_client"}"#, .credentialsRejected),
            (400, #"{"error":"unauthorized_client"}"#, .credentialsRejected),
            (400, #"{"error":"invalid_request"}"#, .unexpectedResponse),
            (400, #"{"error":"unsupported_grant_type"}"#, .unexpectedResponse),
            (400, "", .unexpectedResponse),
            (503, "<html>down</html>", .serverUnavailable),
            (429, "", .rateLimited),
            (307, "", .unexpectedResponse),
        ])
    func tokenFailures(status: Int, body: String, expected: CGMError.Code) {
        let error = TokenEndpointResponse.failure(
            HTTPResponse(statusCode: status, body: Array(body.utf8)),
            during: "the token refresh", now: V3.start)
        #expect(error.code == expected)
        #expect(!error.description.contains("not active"))
    }

    @Test("A18: a redirect from the token endpoint is refused, not followed")
    func tokenRedirect() async throws {
        await server.overrideToken { _, _ in
            HTTPResponse(statusCode: 307, headerFields: ["Location": "https://evil.example/steal"])
        }
        let client = V3.client(server, store: store, clock: clock)
        let pending = try client.beginAuthorization()
        let error = await #expect(throws: CGMError.self) {
            try await client.completeAuthorization(
                callback: callback("code=code-1&" + stateParameter(pending)), pending: pending)
        }
        #expect(error?.code == .unexpectedResponse)
        #expect(await server.hosts == ["sandbox-api.dexcom.com"])
        #expect(await store.load() == nil)
    }

    @Test(
        "A18: only https origins are accepted",
        arguments: [
            "http://api.dexcom.com", "ftp://api.dexcom.com", "https://api.dexcom.com/v3", "https://api.dexcom.com?x=1",
            "https://",
        ])
    func httpsOnly(text: String) throws {
        // Every case must reach the check: a string Foundation cannot parse would skip it.
        let url = try #require(URL(string: text))
        #expect(throws: CGMError.self) { try DexcomV3Environment(name: "custom", baseURL: url) }
    }

    @Test("The four environments and their hosts")
    func environments() throws {
        #expect(
            DexcomV3Environment.all.map(\.baseURL.absoluteString) == [
                "https://api.dexcom.com", "https://api.dexcom.eu", "https://api.dexcom.jp",
                "https://sandbox-api.dexcom.com",
            ])
        #expect(DexcomV3Environment(named: "eu") == .eu)
        #expect(DexcomV3Environment(named: "mars") == nil)
        #expect(try DexcomV3Environment(name: "proxy", baseURL: URL(string: "https://proxy.example")!).name == "proxy")
    }
}
