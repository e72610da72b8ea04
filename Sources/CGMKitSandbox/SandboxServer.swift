import CGMKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Dexcom's APIs, simulated: an `HTTPTransport` that answers the real adapters'
/// requests with raw vendor-shaped bytes for one ``SandboxUser``, offline.
///
/// - Dexcom Web API v3: `POST /v2/oauth2/token` (authorization code and refresh, with
///   rotating refresh tokens), and `GET /v3/users/self/{dataRange, egvs, calibrations,
///   events, alerts, devices}` with bearer tokens and windows of at most 30 days.
/// - Dexcom Share: `AuthenticatePublisherAccount` (account name = the user's name,
///   password ``password``), `LoginPublisherAccountById`, and
///   `ReadPublisherLatestGlucoseValues` (at most 1440 minutes and 288 readings).
/// - Abbott LibreLinkUp: `POST /llu/auth/login` (e-mail ``libreLinkUpEmail(for:)``,
///   password ``password``), `GET /llu/connections`, `/llu/connections/{patientId}/graph`
///   and `/logbook`, checking the `product`, `version` and `Account-Id` headers.
///
/// Hosts are ignored; paths decide. Only records uploaded by ``now`` are served, so
/// signal-loss backfill and a receiver's nightly upload show up as they would.
///
/// ```swift
/// let server = SandboxServer(user: .g7, days: 14)
/// let app = DexcomV3AppCredentials(clientID: SandboxServer.clientID, clientSecret: SandboxServer.clientSecret,
///                                  redirectURI: SandboxServer.redirectURI)
/// let client = DexcomV3Client(environment: .sandbox, app: app, tokenStore: InMemoryDexcomV3TokenStore(),
///                             transport: server)
/// let pending = try client.beginAuthorization()
/// try await client.completeAuthorization(callback: try await server.approve(pending.url), pending: pending)
/// let result = await client.fetch(from: nil)
/// ```
public actor SandboxServer: HTTPTransport {
    /// The end of every default trace: 2026-11-01T20:00:00Z, just after the US change
    /// from daylight-saving time (01:00–02:00 happened twice in New York that night).
    public static let defaultNow = CGMInstant(millisecondsSince1970: 1_793_563_200_000)
    /// The Share password every simulated account accepts.
    public static let password = "sandbox"
    /// The redirect URI the simulated login page redirects to.
    public static let redirectURI = "https://sandbox.cgmkit.invalid/callback"
    /// The client id the simulated token endpoint accepts.
    public static let clientID = "cgmkit-sandbox"
    /// The client secret the simulated token endpoint accepts.
    public static let clientSecret = "cgmkit-sandbox-secret"

    /// The simulated user.
    public nonisolated let user: SandboxUser
    /// The simulated "now": the end of the trace.
    public nonisolated let now: CGMInstant
    /// The payload writer.
    public nonisolated let payloads: SandboxPayloads

    private var issuedCodes: Set<String> = []
    private var accessTokens: Set<String> = []
    private var refreshToken: String?
    private var sessions: Set<String> = []
    /// LibreLinkUp tokens issued (`SandboxServer+LibreLinkUp.swift`).
    var libreTokens: Set<String> = []
    private var counter: UInt64 = 0
    /// Requests served, for tests and the demo's summary line.
    public private(set) var requestCount = 0

    /// What the server's clock shows, when it moves (see ``init(user:days:now:clock:)``).
    private let clock: (any CGMClock)?

    /// A server for `user` with `days` of history ending at `now`. With a `clock`, the
    /// server answers as of the clock's time (never after `now`), so records appear as
    /// they are uploaded while the clock moves: a fleet simulation polls it over time.
    public init(user: SandboxUser, days: Int, now: CGMInstant = SandboxServer.defaultNow, clock: (any CGMClock)? = nil)
    {
        self.user = user
        self.now = now
        self.clock = clock
        self.payloads = SandboxPayloads(trace: SandboxTrace(user: user, days: days, end: now))
    }

    /// The instant the server answers as of: the clock's time, at most ``now``.
    var servingNow: CGMInstant {
        guard let clock else { return now }
        return min(now, clock.now())
    }

    /// The simulated login page: the user "approves" the authorization at `url` (the
    /// login URL from the v3 client), and the page redirects to the callback URL with
    /// a code and the same state, as Dexcom's sandbox does without a password.
    ///
    /// - Throws: `CGMError` `invalidArgument` when `url` is not a Dexcom login URL or its redirect URI is malformed.
    public func approve(_ url: URL) throws -> URL {
        let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        guard let state = items.first(where: { $0.name == "state" })?.value,
            let redirect = items.first(where: { $0.name == "redirect_uri" })?.value,
            var callback = URLComponents(string: redirect)
        else {
            throw CGMError(code: .invalidArgument, message: "not a Dexcom login URL")
        }
        let code = "sandbox-code-\(next())"
        issuedCodes.insert(code)
        callback.queryItems = [URLQueryItem(name: "code", value: code), URLQueryItem(name: "state", value: state)]
        guard let result = callback.url else { throw CGMError(code: .invalidArgument, message: "bad redirect URI") }
        return result
    }

    /// Answers one request.
    ///
    /// - Throws: `CancellationError` when the task is cancelled; answers every request otherwise.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        requestCount += 1
        let path = request.url.path
        if path.hasSuffix("/oauth2/token") { return token(request) }
        if path.hasPrefix("/v3/users/self/") {
            return data(request, endpoint: String(path.dropFirst("/v3/users/self/".count)))
        }
        if path.hasPrefix("/ShareWebServices/Services/") {
            return share(request, action: request.url.lastPathComponent)
        }
        if path.hasPrefix("/llu/") { return libreLinkUp(request, path: path) }
        return Self.json(404, #"{"error":"not_found"}"#)
    }

    // MARK: - Dexcom v3

    private func token(_ request: HTTPRequest) -> HTTPResponse {
        let form = Self.form(request.body)
        guard form["client_id"] == Self.clientID, form["client_secret"] == Self.clientSecret else {
            return Self.json(401, #"{"error":"invalid_client"}"#)
        }
        switch form["grant_type"] {
        case "authorization_code":
            guard let code = form["code"], issuedCodes.remove(code) != nil else {
                return Self.json(400, #"{"error":"invalid_grant"}"#)
            }
        case "refresh_token":
            guard let presented = form["refresh_token"], presented == refreshToken else {
                return Self.json(400, #"{"error":"invalid_grant"}"#)
            }
        default:
            return Self.json(400, #"{"error":"unsupported_grant_type"}"#)
        }
        let access = "sandbox-access-\(next())"
        let refresh = "sandbox-refresh-\(next())"
        accessTokens = [access]
        refreshToken = refresh
        return Self.json(
            200,
            #"{"access_token":"\#(access)","expires_in":7200,"token_type":"Bearer","refresh_token":"\#(refresh)","refresh_expires_in":0}"#
        )
    }

    private func data(_ request: HTTPRequest, endpoint: String) -> HTTPResponse {
        let bearer = request.headerFields["Authorization"] ?? ""
        guard bearer.hasPrefix("Bearer "), accessTokens.contains(String(bearer.dropFirst(7))) else {
            return Self.json(401, "")
        }
        switch endpoint {
        case "dataRange":
            return HTTPResponse(
                statusCode: 200, headerFields: Self.jsonHeaders, body: payloads.dataRange(now: servingNow))
        case "devices":
            return HTTPResponse(
                statusCode: 200, headerFields: Self.jsonHeaders, body: payloads.devices(now: servingNow))
        default: break
        }
        let items = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        guard
            let start = items.first(where: { $0.name == "startDate" })?.value.flatMap(ISO8601Timestamp.init)?
                .instantAssumingUTC,
            let end = items.first(where: { $0.name == "endDate" })?.value.flatMap(ISO8601Timestamp.init)?
                .instantAssumingUTC,
            start < end, end.millisecondsSince1970 - start.millisecondsSince1970 <= 30 * 86_400_000
        else {
            return Self.json(
                400,
                #"{"errors":[{"code":"InvalidDateRange","title":"startDate and endDate must span at most 30 days"}]}"#)
        }
        let body: [UInt8]
        switch endpoint {
        case "egvs": body = payloads.egvs(from: start, to: end, now: servingNow)
        case "calibrations": body = payloads.calibrations(from: start, to: end, now: servingNow)
        case "events": body = payloads.events(from: start, to: end, now: servingNow)
        case "alerts": body = payloads.alerts(from: start, to: end, now: servingNow)
        default: return Self.json(404, "")
        }
        return HTTPResponse(statusCode: 200, headerFields: Self.jsonHeaders, body: body)
    }

    // MARK: - Dexcom Share

    private static let accountID = "5a1d0b0c-7e57-4c6b-9a1d-5a4db0c5a4db"

    private func share(_ request: HTTPRequest, action: String) -> HTTPResponse {
        let body = (try? JSONReader().read(request.body))?.objectValue
        switch action {
        case "AuthenticatePublisherAccount":
            guard body?["accountName"]?.stringValue == user.name, body?["password"]?.stringValue == Self.password else {
                return Self.shareFault("AccountPasswordInvalid")
            }
            return Self.json(200, "\"\(Self.accountID)\"")
        case "LoginPublisherAccountById":
            guard body?["accountId"]?.stringValue == Self.accountID, body?["password"]?.stringValue == Self.password
            else {
                return Self.shareFault("AccountPasswordInvalid")
            }
            var random = SandboxRandom(seed: user.seed ^ next())
            let session = random.uuid()
            sessions.insert(session)
            return Self.json(200, "\"\(session)\"")
        case "ReadPublisherLatestGlucoseValues":
            let items = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems ?? []
            guard let session = items.first(where: { $0.name == "sessionId" })?.value, sessions.contains(session) else {
                return Self.shareFault("SessionIdNotFound")
            }
            let minutes = items.first { $0.name == "minutes" }?.value.flatMap { Int($0) } ?? 1440
            let maxCount = items.first { $0.name == "maxCount" }?.value.flatMap { Int($0) } ?? 288
            guard (1...1440).contains(minutes), (1...288).contains(maxCount) else {
                return Self.shareFault("InvalidArgument")
            }
            return HTTPResponse(
                statusCode: 200, headerFields: Self.jsonHeaders,
                body: payloads.shareReadings(now: servingNow, minutes: minutes, maxCount: maxCount))
        default:
            return Self.json(404, "")
        }
    }

    // MARK: - Helpers

    func next() -> UInt64 {
        counter += 1
        return counter
    }

    static let jsonHeaders: HTTPFields = ["Content-Type": "application/json"]

    static func json(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(statusCode: status, headerFields: jsonHeaders, body: Array(text.utf8))
    }

    private static func shareFault(_ code: String) -> HTTPResponse {
        json(500, #"{"Code":"\#(code)","Message":"Simulated Share fault","SubCode":null,"TypeName":"FaultException"}"#)
    }

    /// A form body's fields, percent-decoded.
    static func form(_ body: [UInt8]) -> [String: String] {
        let items = URLComponents(string: "?" + String(decoding: body, as: UTF8.self))?.queryItems ?? []
        var fields: [String: String] = [:]
        for item in items { fields[item.name] = item.value ?? "" }
        return fields
    }
}
