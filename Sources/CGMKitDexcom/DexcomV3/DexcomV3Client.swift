@_spi(AdapterSupport) import CGMKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The Dexcom Web API v3 client (`dexcom_v3`): OAuth authorization, token refresh,
/// and data fetching over the host's `HTTPTransport`.
///
/// Run it **on a server**: Dexcom requires the client secret and users' tokens to
/// stay off mobile devices. One client serves one user: its tokens live in the
/// host's ``DexcomV3TokenStore``, which the client reads and writes and nothing else.
///
/// ```swift
/// let client = DexcomV3Client(environment: .us, app: app, tokenStore: store, transport: transport)
/// // 1. Start: keep `pending` in the user's session, redirect the browser to pending.url.
/// let pending = try client.beginAuthorization()
/// // 2. Callback: validates the state, exchanges the code, stores the tokens.
/// try await client.completeAuthorization(callback: callbackURL, pending: pending)
/// // 3. Data: windows of ≤ 30 days, retries, refreshes, partial results.
/// let result = await client.fetch(from: start, to: end)
/// ```
///
/// Retries: data GETs are retried on 429, 5xx and transport errors per
/// ``Configuration/retryPolicy``; a 401 refreshes the token once and retries once.
/// Token requests are never retried within a call. Redirects are never followed.
public struct DexcomV3Client: Sendable {
    /// Tunables.
    public struct Configuration: Sendable, Hashable {
        /// Retries of data GETs.
        public var retryPolicy: RetryPolicy
        /// The per-client retry budget.
        public var retryBudget: RetryBudget.Configuration
        /// How long before its expiry a token is refreshed, in seconds (at most half its lifetime).
        public var tokenExpirySkewSeconds: Int
        /// How long a started authorization stays valid, in seconds.
        public var authorizationLifetimeSeconds: Int
        /// Whether to send a PKCE S256 challenge. Dexcom does not document PKCE; an
        /// authorization server ignores parameters it does not know, and `state` is
        /// always used, so PKCE is an extra, not a replacement.
        public var usesPKCE: Bool
        /// The `User-Agent` sent with every request.
        public var userAgent: String
        /// How far before its cursor a ``DexcomV3Client/sync(since:)`` re-reads, in hours
        /// (0…240), for records uploaded after newer ones (a receiver uploading a session
        /// late). Default 0: the cursor follows the account's data, not the clock.
        public var syncLookbackHours: Int
        /// The endpoints ``DexcomV3Client/sync(since:)`` fetches per window. Default all
        /// four; `[.egvs]` saves three requests per window against the app-wide quota
        /// (Docs/Scaling.md).
        public var syncEndpoints: [DexcomV3Endpoint]
        /// Whether ``DexcomV3Client/sync(since:)`` fetches `/devices` (one request). Default true.
        public var syncIncludesDevices: Bool

        /// Creates a configuration. Defaults: 3 attempts (1 s base, 30 s cap), skew 60 s,
        /// authorizations valid 10 minutes, PKCE on, no sync look-back.
        public init(
            retryPolicy: RetryPolicy = RetryPolicy(), retryBudget: RetryBudget.Configuration = .init(),
            tokenExpirySkewSeconds: Int = 60, authorizationLifetimeSeconds: Int = 600, usesPKCE: Bool = true,
            userAgent: String = "CGMKit/0.1", syncLookbackHours: Int = 0,
            syncEndpoints: [DexcomV3Endpoint] = [.egvs, .calibrations, .events, .alerts],
            syncIncludesDevices: Bool = true
        ) {
            self.retryPolicy = retryPolicy
            self.retryBudget = retryBudget
            self.tokenExpirySkewSeconds = tokenExpirySkewSeconds
            self.authorizationLifetimeSeconds = authorizationLifetimeSeconds
            self.usesPKCE = usesPKCE
            self.userAgent = userAgent
            self.syncLookbackHours = min(max(syncLookbackHours, 0), 240)
            self.syncEndpoints = syncEndpoints
            self.syncIncludesDevices = syncIncludesDevices
        }
    }

    /// The server this client talks to.
    public let environment: DexcomV3Environment
    let configuration: Configuration
    let requests: DexcomV3Requests
    let transport: any HTTPTransport
    let clock: any CGMClock
    let random: any CGMRandomSource
    let sender: RetryingSender
    let keeper: DexcomV3TokenKeeper
    let usedStates = UsedAuthorizationStates()
    let logSink: (any CGMLogSink)?
    let normalizer = DexcomV3Normalizer()

    /// Creates a client for one user. `clock`, `sleeper` and `random` exist for
    /// tests; the defaults are the wall clock, `Task.sleep` and the system CSPRNG.
    public init(
        environment: DexcomV3Environment, app: DexcomV3AppCredentials, tokenStore: any DexcomV3TokenStore,
        transport: any HTTPTransport, clock: any CGMClock = SystemClock(), sleeper: any CGMSleeper = TaskSleeper(),
        random: any CGMRandomSource = SystemRandomSource(), configuration: Configuration = Configuration(),
        logSink: (any CGMLogSink)? = nil
    ) {
        self.environment = environment
        self.configuration = configuration
        self.requests = DexcomV3Requests(environment: environment, app: app, userAgent: configuration.userAgent)
        self.transport = transport
        self.clock = clock
        self.random = random
        self.sender = RetryingSender(
            policy: configuration.retryPolicy, sleeper: sleeper, random: random, clock: clock,
            budget: RetryBudget(configuration: configuration.retryBudget), logSink: logSink,
            provider: .dexcomV3)
        self.keeper = DexcomV3TokenKeeper(
            store: tokenStore, clock: clock,
            skewSeconds: configuration.tokenExpirySkewSeconds, logSink: logSink)
        self.logSink = logSink
    }

    // MARK: - Authorization

    /// Starts an authorization: a fresh single-use `state` (32 random bytes) and, by
    /// default, a PKCE verifier. Store the result in the user's session and redirect
    /// the browser to its ``DexcomV3PendingAuthorization/url``.
    ///
    /// - Throws: `CGMError` `invalidArgument` when the app credentials cannot form a login URL.
    public func beginAuthorization() throws -> DexcomV3PendingAuthorization {
        let state = OAuthEncoding.base64URL(random.bytes(count: 32))
        let verifier = configuration.usesPKCE ? PKCE.makeVerifier(random: random) : nil
        let url = try requests.authorizationURL(state: state, codeChallenge: verifier.map(PKCE.challenge(for:)))
        return DexcomV3PendingAuthorization(url: url, state: state, codeVerifier: verifier, createdAt: clock.now())
    }

    /// Finishes an authorization from the URL Dexcom redirected the browser to.
    ///
    /// Checks, before anything is sent: the callback arrived at the registered
    /// redirect URI; its `state` equals `pending.state` (compared in constant time),
    /// has not expired and was not used before; it has a `code` and no `error`. Then
    /// exchanges the code and stores the tokens through the token store.
    ///
    /// Throws `CGMError.Code.authorizationStateInvalid`,
    /// `CGMError.Code.authorizationDenied` (the user declined), or the token
    /// endpoint's failure. Error messages never quote the state or the code.
    ///
    /// - Throws: `CGMError`: `authorizationStateInvalid`, `authorizationDenied`, or the token endpoint's failure (`transportFailed`, `serverUnavailable`, `rateLimited`, `unexpectedResponse`, `tokenPersistenceFailed`).
    public func completeAuthorization(callback: URL, pending: DexcomV3PendingAuthorization) async throws {
        let now = clock.now()
        let lifetime = Int64(max(1, configuration.authorizationLifetimeSeconds)) * 1000
        let expiry = pending.createdAt.adding(milliseconds: lifetime)
        let validated = try await AuthorizationCallback.validate(
            callback, pending: pending, redirectURI: requests.app.redirectURI,
            isExpired: now >= expiry || now < pending.createdAt.adding(milliseconds: -300_000),
            consume: { await usedStates.consume(pending.state, expiry: expiry, now: now) })
        log(.loginStarted)
        let response: HTTPResponse
        do {
            response = try await transport.send(
                requests.codeExchange(code: validated.code, codeVerifier: pending.codeVerifier))
        } catch let error as CancellationError {
            throw error
        } catch {
            log(.loginFailed)
            throw CGMError(
                code: .transportFailed,
                message: "the code exchange did not complete; codes are single-use, so start the authorization again")
        }
        guard response.statusCode == 200 else {
            log(.loginFailed, status: response.statusCode)
            throw TokenEndpointResponse.failure(response, during: "the code exchange", now: clock.now())
        }
        let tokens = try TokenEndpointResponse.tokens(
            from: response.body, receivedAt: clock.now(), previousRefreshToken: nil)
        try await keeper.authorized(tokens)
        log(.loginSucceeded)
    }

    // MARK: - Data

    /// One endpoint's records in one window (at most 30 days; `nil` for `devices`),
    /// normalized. Retries, refreshes and classifies failures as described on the type.
    ///
    /// - Throws: `CGMError`: `reauthorizationRequired`, `unauthorized`, `rateLimited`, `serverUnavailable`, `transportFailed`, `unexpectedResponse`, `cancelled`, or what `DexcomV3Normalizer` throws for the body.
    public func fetch(_ endpoint: DexcomV3Endpoint, in window: DexcomV3Window?) async throws -> CGMBatch {
        if let window {
            guard window.start < window.end,
                window.end.millisecondsSince1970 - window.start.millisecondsSince1970
                    <= DexcomV3Window.maximumMilliseconds
            else {
                throw CGMError(
                    code: .invalidArgument, message: "a Dexcom v3 window must be non-empty and at most 30 days")
            }
        }
        let response = try await send(endpoint, window: endpoint.takesWindow ? window : nil)
        return try normalizer.normalize(response.body, endpoint: endpoint)
    }

    /// The account's data range (`/dataRange`): the first and last record per kind,
    /// or `nil` spans when the account has none.
    ///
    /// - Throws: The same `CGMError`s as `fetch(_:in:)`.
    public func dataRange() async throws -> DataRange {
        try await fetch(.dataRange, in: nil).dataRange ?? DataRange()
    }

    /// Sends one data GET with a usable token; a 401 refreshes once and retries once.
    func send(_ endpoint: DexcomV3Endpoint, window: DexcomV3Window?) async throws -> HTTPResponse {
        let refresh = makeRefresh()
        var tokens = try await keeper.validTokens(refresh: refresh)
        var renewed = false
        while true {
            try Task.checkCancellation()
            let request = try requests.data(endpoint, window: window, accessToken: tokens.accessToken)
            log(.requestStarted)
            let response = try await sender.send(request, through: transport) {
                $0.statusCode == 429 || (500...599).contains($0.statusCode)
            }
            switch response.statusCode {
            case 200...299:
                return response
            case 401:
                log(.sessionExpired, status: 401)
                guard !renewed else {
                    throw CGMError(
                        code: .unauthorized, message: "Dexcom rejected a freshly refreshed access token",
                        httpStatus: 401)
                }
                renewed = true
                tokens = try await keeper.tokens(replacing: tokens, refresh: refresh)
            case 403:
                log(.requestFailed, status: 403)
                throw CGMError(
                    code: .unauthorized,
                    message: "Dexcom refused access to this data (consent withdrawn or not granted)", httpStatus: 403)
            case 300...399:
                log(.requestFailed, status: response.statusCode)
                throw CGMError(
                    code: .unexpectedResponse, message: "Dexcom redirected a data request; redirects are refused",
                    httpStatus: response.statusCode)
            default:
                log(.requestFailed, status: response.statusCode)
                throw CGMError(
                    code: .unexpectedResponse, message: "Dexcom refused a data request",
                    httpStatus: response.statusCode)
            }
        }
    }

    /// The one refresh request a refresh makes: never retried, since a lost answer may
    /// already have rotated the refresh token.
    private func makeRefresh() -> DexcomV3TokenKeeper.Refresh {
        { [requests, transport, clock] refreshToken, _ in
            let response: HTTPResponse
            do {
                response = try await transport.send(requests.refresh(refreshToken: refreshToken))
            } catch {
                throw CGMError(
                    code: .refreshOutcomeUnknown,
                    message: "the refresh request got no answer; Dexcom may have rotated the refresh token")
            }
            guard response.statusCode == 200 else {
                throw TokenEndpointResponse.failure(response, during: "the token refresh", now: clock.now())
            }
            return try TokenEndpointResponse.tokens(
                from: response.body, receivedAt: clock.now(),
                previousRefreshToken: refreshToken)
        }
    }

    func log(_ name: CGMLogEvent.Name, status: Int? = nil, code: String? = nil, count: Int? = nil) {
        logSink?.record(CGMLogEvent(name, provider: .dexcomV3, httpStatus: status, vendorCode: code, count: count))
    }
}

extension DexcomV3Endpoint {
    /// Whether the endpoint takes `startDate`/`endDate`.
    var takesWindow: Bool {
        switch self {
        case .egvs, .calibrations, .events, .alerts: true
        case .devices, .dataRange: false
        }
    }
}

/// The client holds the app's credentials, the token keeper and used `state`
/// values: it renders as its type name only, in descriptions, `dump()` and Mirrors.
extension DexcomV3Client: PHIRedacting {}
