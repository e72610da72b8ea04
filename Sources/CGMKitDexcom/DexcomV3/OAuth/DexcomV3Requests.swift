@_spi(AdapterSupport) import CGMKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Builds every Dexcom v3 request: the login URL, the two token requests and the
/// data GETs. Nothing here sends anything.
struct DexcomV3Requests: Sendable {
    let environment: DexcomV3Environment
    let app: DexcomV3AppCredentials
    let userAgent: String

    /// The login page URL for `state`, with the S256 PKCE challenge when one is given.
    func authorizationURL(state: String, codeChallenge: String?) throws -> URL {
        var query = [
            URLQueryItem(name: "client_id", value: app.clientID),
            URLQueryItem(name: "redirect_uri", value: app.redirectURI),
            URLQueryItem(name: "response_type", value: "code"),
            URLQueryItem(name: "scope", value: "offline_access"),
            URLQueryItem(name: "state", value: state),
        ]
        if let codeChallenge {
            query.append(URLQueryItem(name: "code_challenge", value: codeChallenge))
            query.append(URLQueryItem(name: "code_challenge_method", value: "S256"))
        }
        return try url(environment.authorizationURL, query: query)
    }

    /// The authorization-code exchange (RFC 6749 §4.1.3).
    func codeExchange(code: String, codeVerifier: String?) -> HTTPRequest {
        var fields = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", app.redirectURI),
            ("client_id", app.clientID), ("client_secret", app.clientSecret),
        ]
        if let codeVerifier { fields.append(("code_verifier", codeVerifier)) }
        return tokenRequest(fields)
    }

    /// The refresh request (RFC 6749 §6).
    func refresh(refreshToken: String) -> HTTPRequest {
        tokenRequest([
            ("grant_type", "refresh_token"), ("refresh_token", refreshToken),
            ("client_id", app.clientID), ("client_secret", app.clientSecret),
        ])
    }

    /// A data GET: `window` as `startDate`/`endDate` (none for devices and dataRange).
    func data(_ endpoint: DexcomV3Endpoint, window: DexcomV3Window?, accessToken: String) throws -> HTTPRequest {
        var query: [URLQueryItem] = []
        if let window {
            query = [
                URLQueryItem(name: "startDate", value: DexcomV3Window.queryText(window.start)),
                URLQueryItem(name: "endDate", value: DexcomV3Window.queryText(window.end)),
            ]
        }
        let target = try url(environment.baseURL.appending(path: endpoint.path), query: query)
        return HTTPRequest(
            method: .get, url: target,
            headerFields: [
                "Authorization": "Bearer \(accessToken)", "Accept": "application/json", "User-Agent": userAgent,
            ])
    }

    private func tokenRequest(_ fields: [(String, String)]) -> HTTPRequest {
        HTTPRequest(
            method: .post, url: environment.tokenURL,
            headerFields: [
                "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json",
                "User-Agent": userAgent,
                "Cache-Control": "no-store",
            ], body: OAuthEncoding.formBody(fields))
    }

    private func url(_ base: URL, query: [URLQueryItem]) throws -> URL {
        guard var components = URLComponents(url: base, resolvingAgainstBaseURL: false) else {
            throw CGMError(code: .invalidArgument, message: "the environment's URL is not valid")
        }
        if !query.isEmpty {
            components.percentEncodedQuery = query.map {
                OAuthEncoding.percentEncoded($0.name) + "=" + OAuthEncoding.percentEncoded($0.value ?? "")
            }.joined(separator: "&")
        }
        guard let url = components.url else {
            throw CGMError(code: .invalidArgument, message: "the request URL is not valid")
        }
        return url
    }
}
