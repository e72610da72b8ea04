@_spi(AdapterSupport) import CGMKit

/// Reads a Nightscout site's glucose entries and treatments over the host's
/// `HTTPTransport`, and normalizes them.
///
/// ```swift
/// let client = NightscoutClient(site: try NightscoutSite(siteURL),
///                               credential: .token("readable-1a2b3c4d5e6f7a8b"),
///                               transport: URLSessionTransport(session: makeEphemeralSession()))
/// let batch = try await client.fetch(from: start, to: end)   // entries and treatments
/// ```
///
/// - ``NightscoutAPI/v1`` (the default) or ``NightscoutAPI/v3`` (`api: .v3`, with a
///   `.token` credential exchanged for a JWT, see ``NightscoutAPI``).
/// - Ranges are half-open, `[from, to)`. Nightscout answers newest first, at most
///   `count` (v3: `limit`) per request, so a range is read page by page, each page
///   ending just before the oldest record of the one before, until a page comes back
///   short.
/// - 429 and 5xx are retried with capped, jittered backoff honouring `Retry-After`
///   (`RetryingSender`); 401 and 403 are `CGMError.Code.unauthorized`; anything
///   else unexpected is `CGMError.Code.unexpectedResponse`. No message names the
///   site, the secret or a value.
public struct NightscoutClient: Sendable {
    /// The most records one request asks for.
    public static let defaultPageSize = 1_000

    /// The site.
    public let site: NightscoutSite
    private let credential: NightscoutCredential
    private let transport: any HTTPTransport
    private let pageSize: Int
    private let sender: RetryingSender
    private let normalizer = NightscoutNormalizer()
    /// The API read.
    public let api: NightscoutAPI
    let clock: any CGMClock
    private let jwt = NightscoutJWTKeeper()
    /// How ``sync(since:)`` reaches back (see ``NightscoutSyncOptions``).
    public var syncOptions = NightscoutSyncOptions()

    /// Creates a client. `sleeper`, `random` and `clock` exist for tests. With
    /// `api: .v3` the page size is at most 1000 (API v3's limit).
    public init(
        site: NightscoutSite, credential: NightscoutCredential, transport: any HTTPTransport,
        api: NightscoutAPI = .v1,
        pageSize: Int = NightscoutClient.defaultPageSize, retryPolicy: RetryPolicy = RetryPolicy(),
        sleeper: any CGMSleeper = TaskSleeper(), random: any CGMRandomSource = SystemRandomSource(),
        clock: any CGMClock = SystemClock(), logSink: (any CGMLogSink)? = nil
    ) {
        self.site = site
        self.credential = credential
        self.transport = transport
        self.api = api
        self.clock = clock
        self.pageSize = min(max(pageSize, 1), api == .v3 ? NightscoutAPI.v3MaximumLimit : 10_000)
        self.sender = RetryingSender(
            policy: retryPolicy, sleeper: sleeper, random: random, clock: clock,
            budget: RetryBudget(), logSink: logSink, provider: .nightscout)
    }

    /// Entries (`sgv`, `mbg`, …) with `date` in `[from, to)`, all pages, normalized.
    ///
    /// - Throws: `CGMError`: `unauthorized`, `rateLimited`, `serverUnavailable`, `transportFailed`, `unexpectedResponse`, `cancelled`, or what `NightscoutNormalizer` throws for a body.
    public func entries(from start: CGMInstant, to end: CGMInstant) async throws -> CGMBatch {
        if api == .v3 {
            return try await pages(path: "/api/v3/entries", field: "date", from: start, to: end) {
                String($0.millisecondsSince1970)
            }
        }
        return try await pages(path: "/api/v1/entries.json", field: "date", from: start, to: end) {
            String($0.millisecondsSince1970)
        }
    }

    /// Treatments with `created_at` (API v3: `date`) in `[from, to)`, all pages, normalized.
    ///
    /// - Throws: The same `CGMError`s as `entries(from:to:)`.
    public func treatments(from start: CGMInstant, to end: CGMInstant) async throws -> CGMBatch {
        if api == .v3 {
            return try await pages(path: "/api/v3/treatments", field: "date", from: start, to: end) {
                String($0.millisecondsSince1970)
            }
        }
        return try await pages(path: "/api/v1/treatments.json", field: "created_at", from: start, to: end) {
            $0.rfc3339
        }
    }

    /// Entries and treatments in `[from, to)`, merged into one batch.
    ///
    /// - Throws: The same `CGMError`s as `entries(from:to:)`.
    public func fetch(from start: CGMInstant, to end: CGMInstant) async throws -> CGMBatch {
        var assembler = BatchAssembler(provider: .nightscout, relayedCopies: NightscoutNormalizer.relayedCopies)
        assembler.merge(try await entries(from: start, to: end))
        assembler.merge(try await treatments(from: start, to: end))
        return assembler.makeBatch()
    }

    // MARK: - Paging

    private func pages(
        path: String, field: String, from start: CGMInstant, to end: CGMInstant,
        format: (CGMInstant) -> String
    ) async throws -> CGMBatch {
        guard start < end else {
            throw CGMError(code: .invalidArgument, message: "the range must end after it starts")
        }
        var assembler = BatchAssembler(provider: .nightscout, relayedCopies: NightscoutNormalizer.relayedCopies)
        var upper = end
        // A range can hold at most one record per millisecond per kind; this bounds a
        // misbehaving server that keeps answering full pages.
        let maximumPages = 10_000
        for _ in 0..<maximumPages {
            let query =
                api == .v3
                ? [
                    ("\(field)$gte", format(start)), ("\(field)$lt", format(upper)), ("sort$desc", field),
                    ("limit", String(pageSize)),
                ]
                : [
                    ("find[\(field)][$gte]", format(start)), ("find[\(field)][$lt]", format(upper)),
                    ("count", String(pageSize)),
                ]
            let (page, elementCount) = try await page(path: path, query: query)
            assembler.merge(page)
            guard elementCount >= pageSize else { break }
            let instants = page.readings.map(\.time.instant) + page.events.map(\.time.instant)
            guard let oldest = instants.min(), oldest < upper, oldest > start else { break }
            upper = oldest
        }
        return assembler.makeBatch()
    }

    private func page(path: String, query: [(String, String)]) async throws -> (CGMBatch, Int) {
        var response = try await send(path: path, query: query, jwt: api == .v3 ? try await bearer() : nil)
        if api == .v3, response.statusCode == 401 {
            // The JWT may have been revoked or expired early: fetch a new one, once.
            let stale = try await bearer()
            response = try await send(path: path, query: query, jwt: try await bearer(replacing: stale))
        }
        switch response.statusCode {
        case 200:
            guard let document = try? normalizer.reader.read(response.body),
                let elements = try? NightscoutNormalizer.documents(of: document)
            else {
                throw CGMError(
                    code: .unexpectedResponse,
                    message: "Nightscout answered without a JSON array or an API v3 result", httpStatus: 200)
            }
            return (try normalizer.normalize(document), elements.count)
        case 401, 403:
            throw Self.refused(response.statusCode)
        default:
            throw CGMError(
                code: .unexpectedResponse, message: "Nightscout answered with an unexpected status",
                httpStatus: response.statusCode)
        }
    }

    private func send(path: String, query: [(String, String)], jwt: String?) async throws -> HTTPResponse {
        var items = query
        if api == .v1, let token = credential.queryToken { items.append(("token", token)) }
        guard let url = site.url(path: path, query: items) else {
            throw CGMError(code: .invalidArgument, message: "the Nightscout request URL cannot be built")
        }
        var fields: HTTPFields = ["Accept": "application/json"]
        if api == .v1, let secret = credential.headerField { fields.append(name: secret.name, value: secret.value) }
        if let jwt { fields.append(name: "Authorization", value: "Bearer \(jwt)") }
        return try await sender.send(
            HTTPRequest(method: .get, url: url, headerFields: fields),
            through: transport, isRetryable: Self.isRetryable)
    }

    /// The API v3 JWT (`nil` for an open site), fetched at most once at a time.
    /// - Throws: `CGMError/Code/invalidArgument` for an API secret (API v3 does not
    ///   accept it); ``CGMError/Code/unauthorized`` when the site refuses the token.
    private func bearer(replacing stale: String? = nil) async throws -> String? {
        switch credential {
        case .none: return nil
        case .apiSecret:
            throw CGMError(
                code: .invalidArgument,
                message: "Nightscout API v3 does not accept the API secret; use an access token")
        case .token(let accessToken):
            return try await jwt.jwt(now: clock.now(), stale: stale) { [self] in
                try await requestJWT(accessToken: accessToken)
            }
        }
    }

    /// `GET /api/v2/authorization/request/<access token>` → `{"token": <jwt>, "exp": <epoch s>}`.
    private func requestJWT(accessToken: String) async throws -> (String, CGMInstant?) {
        guard let url = site.url(path: "/api/v2/authorization/request/" + NightscoutSite.encode(accessToken), query: [])
        else {
            throw CGMError(code: .invalidArgument, message: "the Nightscout authorization URL cannot be built")
        }
        let response = try await sender.send(
            HTTPRequest(method: .get, url: url, headerFields: ["Accept": "application/json"]),
            through: transport, isRetryable: Self.isRetryable)
        switch response.statusCode {
        case 200:
            guard let object = (try? normalizer.reader.read(response.body))?.objectValue,
                let token = object["token"]?.stringValue, !token.isEmpty
            else {
                throw CGMError(
                    code: .unexpectedResponse, message: "Nightscout answered the authorization without a JWT",
                    httpStatus: 200)
            }
            let expiry = object["exp"]?.numberValue.flatMap { number -> CGMInstant? in
                let seconds = number.doubleValue
                guard seconds.isFinite, seconds > 0, seconds < 1e11 else { return nil }
                return CGMInstant(millisecondsSince1970: Int64(seconds) * 1_000)
            }
            return (token, expiry)
        case 401, 403:
            throw Self.refused(response.statusCode)
        default:
            throw CGMError(
                code: .unexpectedResponse, message: "Nightscout answered the authorization with an unexpected status",
                httpStatus: response.statusCode)
        }
    }

    private static func refused(_ status: Int) -> CGMError {
        CGMError(
            code: .unauthorized,
            message: "Nightscout refused the credential; check the API secret or token and its role",
            httpStatus: status)
    }

    /// 429 and 5xx may pass on a later try.
    static func isRetryable(_ response: HTTPResponse) -> Bool {
        response.statusCode == 429 || (500...599).contains(response.statusCode)
    }
}

/// The client holds the credential and the site: it renders as its type name only.
extension NightscoutClient: PHIRedacting {}
