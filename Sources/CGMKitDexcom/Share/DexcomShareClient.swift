@_spi(AdapterSupport) import CGMKit

/// A lockout-safe client of the legacy Dexcom Share API (`dexcom`).
///
/// Login is AuthenticatePublisherAccount (account name → account id, cached) then
/// LoginPublisherAccountById (account id → session id, reused until Share rejects
/// it). The rules that keep a user's account from being locked:
/// - **Credential errors are never retried.** After `AccountPasswordInvalid`, any
///   `SSO_*` authentication error or an all-zero id, the client refuses every further
///   login with `CGMError.Code.credentialsRejected` until the host calls
///   ``updateCredentials(_:)``.
/// - **A lockout** (`SSO_AuthenticateMaxAttemptsExceeed`, either spelling) also
///   starts a cool-down (``Configuration/lockoutCoolDownSeconds``) that new
///   credentials do not shorten.
/// - **Both are kept in the host's ``DexcomShareLoginStateStore``** (an in-memory one
///   per client by default): a client created later, in this process or another,
///   with the rejected credentials makes no login, and a cool-down outlives the
///   client that saw it.
/// - **A session error re-logs in once**, then fails with
///   `CGMError.Code.sessionRejected`.
/// - **Concurrent calls share one login.**
/// - A server failure without a Share code (HTML, empty body) never triggers a login.
/// - **Reads are retried** on a transport error or a 5xx without a Share code, per
///   ``Configuration/retryPolicy`` (capped, jittered backoff); logins never are
///   (reliability R3: the read is a POST, retried only when Share said nothing).
/// - **A 429 keeps `Retry-After`**, as the v3 client does: it is
///   `CGMError.Code.rateLimited` with the server's delay in
///   `CGMError.retryAfterSeconds` (seconds or an HTTP date), for the host's scheduler.
/// - The client never tries another region.
///
/// ```swift
/// let client = DexcomShareClient(region: .us,
///                                credentials: DexcomShareCredentials(accountName: name, password: password),
///                                transport: URLSessionTransport(session: URLSession(configuration: .ephemeral)))
/// let batch = try await client.latestReadings(minutes: 60, maxCount: 12)
/// ```
public actor DexcomShareClient {
    /// Tunables.
    public struct Configuration: Sendable, Hashable {
        /// How long logins stay refused after Share reports too many attempts. Default 30 minutes; at most a year is used.
        public var lockoutCoolDownSeconds: Int
        /// The `User-Agent` sent with every request.
        public var userAgent: String
        /// Retries of the read request (never of logins).
        public var retryPolicy: RetryPolicy
        /// How far before its cursor a ``DexcomShareClient/sync(since:)`` re-reads, to
        /// collect readings the phone uploads late after a signal loss. Default 3 hours.
        public var syncLookbackMinutes: Int

        /// Creates a configuration.
        public init(
            lockoutCoolDownSeconds: Int = 30 * 60, userAgent: String = "CGMKit/0.1",
            retryPolicy: RetryPolicy = RetryPolicy(), syncLookbackMinutes: Int = 180
        ) {
            self.lockoutCoolDownSeconds = lockoutCoolDownSeconds
            self.userAgent = userAgent
            self.retryPolicy = retryPolicy
            self.syncLookbackMinutes = min(max(syncLookbackMinutes, 0), DexcomShareClient.maximumMinutes)
        }
    }

    /// The largest `minutes` Share serves (24 hours).
    public static let maximumMinutes = 1440
    /// The largest `maxCount` Share serves (one reading per 5 minutes for 24 hours).
    public static let maximumCount = 288

    /// The region this client talks to; it never changes by itself.
    public nonisolated let region: DexcomShareRegion
    private let transport: any HTTPTransport
    let clock: any CGMClock
    let configuration: Configuration
    private let logSink: (any CGMLogSink)?
    private let requests: ShareRequests
    private let normalizer = DexcomShareNormalizer()
    private let sender: RetryingSender

    private var credentials: DexcomShareCredentials
    private var accountID: String?
    private var sessionID: String?
    private var loginInFlight: Task<String, any Error>?
    private var rejection: CGMError?
    private let loginStateStore: any DexcomShareLoginStateStore
    private let random: any CGMRandomSource
    /// Set by ``updateCredentials(_:)``: the host vouches for the credentials again,
    /// so a stored rejection of these same credentials is lifted at the next login.
    private var credentialsResupplied = false

    /// Creates a client. Pass `sessionID` to resume a session saved by the host, and
    /// `loginStateStore` to share credential rejections and lockout cool-downs with
    /// every other client of the account (other instances, later processes).
    /// `clock`, `sleeper` and `random` exist for tests.
    public init(
        region: DexcomShareRegion, credentials: DexcomShareCredentials, transport: any HTTPTransport,
        clock: any CGMClock = SystemClock(), sleeper: any CGMSleeper = TaskSleeper(),
        random: any CGMRandomSource = SystemRandomSource(), configuration: Configuration = Configuration(),
        logSink: (any CGMLogSink)? = nil, sessionID: String? = nil,
        loginStateStore: (any DexcomShareLoginStateStore)? = nil
    ) {
        self.region = region
        self.credentials = credentials
        self.transport = transport
        self.clock = clock
        self.configuration = configuration
        self.logSink = logSink
        self.requests = ShareRequests(region: region, userAgent: configuration.userAgent)
        self.accountID = credentials.accountID
        self.sessionID = sessionID
        self.loginStateStore = loginStateStore ?? InMemoryDexcomShareLoginStateStore()
        self.random = random
        self.sender = RetryingSender(
            policy: configuration.retryPolicy, sleeper: sleeper, random: random, clock: clock,
            budget: RetryBudget(), logSink: logSink, provider: .dexcomShare)
    }

    /// The account id learned from the first login, for the host to save (with the
    /// password, in its secure store) so later logins skip the account-name step.
    public var cachedAccountID: String? { accountID }

    /// Replaces the credentials and lifts a credential rejection (also the one in
    /// the login-state store, at the next login). A lockout cool-down still runs to
    /// its end. The cached account id is kept only when the account is the same.
    public func updateCredentials(_ newCredentials: DexcomShareCredentials) {
        let sameAccount = newCredentials.accountName == credentials.accountName
        accountID = newCredentials.accountID ?? (sameAccount ? accountID : nil)
        credentials = newCredentials
        rejection = nil
        credentialsResupplied = true
        sessionID = nil
    }

    /// Makes sure a session exists, logging in if needed: a way for a host to check
    /// credentials at set-up.
    ///
    /// - Throws: `CGMError`: `credentialsRejected`, `accountLocked`, `serverUnavailable`, `rateLimited`, `transportFailed`, `unexpectedResponse`, `cancelled`.
    public func signIn() async throws {
        _ = try await session()
    }

    /// The latest readings, newest data within `minutes` (0…1440), at most `maxCount`
    /// (0…288), normalized. One re-login is made if Share reports the session expired.
    ///
    /// - Throws: `CGMError`: `invalidArgument` for `minutes` or `maxCount` out of range, the login errors of `signIn()`, `sessionRejected`, or what `DexcomShareNormalizer` throws for the body.
    public func latestReadings(minutes: Int = maximumMinutes, maxCount: Int = maximumCount) async throws -> CGMBatch {
        try await readLatest(minutes: minutes, maxCount: maxCount).batch
    }

    /// ``latestReadings(minutes:maxCount:)``, with how many elements Share returned
    /// (before relayed copies were merged): `maxCount` elements mean older ones may be cut.
    func readLatest(minutes: Int, maxCount: Int) async throws -> (batch: CGMBatch, returned: Int) {
        guard (0...Self.maximumMinutes).contains(minutes), (0...Self.maximumCount).contains(maxCount) else {
            throw CGMError(code: .invalidArgument, message: "minutes must be 0 to 1440 and maxCount 0 to 288")
        }
        var renewed = false
        while true {
            let session = try await session()
            log(.requestStarted)
            let response = try await read(session: session, minutes: minutes, maxCount: maxCount)
            if response.statusCode == 200 {
                guard let document = try? normalizer.reader.read(response.body), let elements = document.arrayValue
                else {
                    log(.requestFailed, status: 200)
                    throw CGMError(
                        code: .unexpectedResponse, message: "Share answered the read without an array",
                        httpStatus: 200)
                }
                return (try normalizer.normalize(document), elements.count)
            }
            let fault = ShareFault.classify(body: response.body)
            if case .sessionExpired(let code) = fault {
                log(.sessionExpired, status: response.statusCode, code: code)
                if renewed {
                    throw CGMError(
                        code: .sessionRejected,
                        message: "Share rejected the session again right after a new login",
                        vendorCode: code, httpStatus: response.statusCode)
                }
                renewed = true
                if sessionID == session { sessionID = nil }
                continue
            }
            log(.requestFailed, status: response.statusCode, code: fault.code)
            throw await latch(failure(for: fault, response: response, during: "the read"))
        }
    }

    /// The read request, with its retries.
    private func read(session: String, minutes: Int, maxCount: Int) async throws -> HTTPResponse {
        try await sender.send(
            try requests.readLatest(sessionID: session, minutes: minutes, maxCount: maxCount),
            through: transport, isRetryable: Self.isRetryableRead)
    }

    /// A read is worth repeating only when Share failed without saying why: a 5xx
    /// whose body has no Share `Code`. A coded answer (session expired, bad
    /// credentials) is acted on instead.
    static func isRetryableRead(_ response: HTTPResponse) -> Bool {
        guard (500...599).contains(response.statusCode) else { return false }
        if case .noCode = ShareFault.classify(body: response.body) { return true }
        return false
    }

    // MARK: - Session and login

    private func session() async throws -> String {
        if let sessionID { return sessionID }
        if let loginInFlight { return try await loginInFlight.value }
        // The check runs inside the shared task: concurrent callers wait for one
        // check and one login, whatever the store answers.
        let task = Task {
            try await self.checkLoginAllowed()
            return try await self.login()
        }
        loginInFlight = task
        defer { loginInFlight = nil }
        return try await task.value
    }

    /// Refuses a login during a stored cool-down, or with credentials that were
    /// rejected (by this client, or by any client sharing the login-state store).
    private func checkLoginAllowed() async throws {
        let state = try await loadLoginState()
        if let lockedUntil = state?.lockedUntil, clock.now() < lockedUntil {
            log(.loginSuppressed)
            throw CGMError(
                code: .accountLocked,
                message: "Dexcom Share locked the account after too many attempts; logins wait until the cool-down ends"
            )
        }
        if let rejection {
            log(.loginSuppressed, code: rejection.vendorCode)
            throw rejection
        }
        guard let state, state.rejects(credentials) else { return }
        if credentialsResupplied {
            let current = credentials
            try await updateLoginState { $0.rejects(current) ? $0.liftingRejection() : nil }
            return
        }
        log(.loginSuppressed, code: state.rejectionCode)
        throw CGMError(
            code: .credentialsRejected,
            message:
                "Dexcom Share rejected these credentials earlier (recorded in the login-state store); no login until new credentials are supplied",
            vendorCode: state.rejectionCode)
    }

    private func login() async throws -> String {
        log(.loginStarted)
        let password = credentials.password
        var account = accountID
        if account == nil {
            guard let name = credentials.accountName, !name.isEmpty else {
                throw CGMError(code: .invalidArgument, message: "credentials need an account name or an account id")
            }
            account = try await identifier(from: requests.authenticate(accountName: name, password: password))
            accountID = account
        }
        guard let account else {
            throw CGMError(code: .invalidArgument, message: "credentials need an account name or an account id")
        }
        let session = try await identifier(from: requests.login(accountID: account, password: password))
        sessionID = session
        log(.loginSucceeded)
        return session
    }

    /// Sends a login request and reads the UUID it answers, classifying every failure.
    private func identifier(from request: HTTPRequest) async throws -> String {
        let response = try await send(request)
        guard response.statusCode == 200 else {
            let fault = ShareFault.classify(body: response.body)
            log(.loginFailed, status: response.statusCode, code: fault.code)
            throw await latch(failure(for: fault, response: response, during: "the login"))
        }
        switch ShareIdentifier.parse(response.body) {
        case .valid(let identifier):
            return identifier
        case .allZero:
            log(.loginFailed, status: 200)
            throw await latch(
                CGMError(
                    code: .credentialsRejected,
                    message:
                        "Share answered the login with the all-zero id, which means it failed; no further login until new credentials are supplied",
                    httpStatus: 200))
        case .malformed:
            log(.loginFailed, status: 200)
            throw CGMError(
                code: .unexpectedResponse, message: "Share answered the login without an id", httpStatus: 200)
        }
    }

    // MARK: - Failures

    private func failure(for fault: ShareFault, response: HTTPResponse, during step: String) -> CGMError {
        let status = response.statusCode
        switch fault {
        case .credentialsRejected(let code):
            return CGMError(
                code: .credentialsRejected,
                message:
                    "Dexcom Share rejected the credentials during \(step) (a wrong password, an unknown account and an account in another region look the same); no further login until new credentials are supplied",
                vendorCode: code, httpStatus: status)
        case .accountLocked(let code):
            return CGMError(
                code: .accountLocked,
                message:
                    "Dexcom Share locked the account after too many attempts; logins wait for the cool-down and new credentials",
                vendorCode: code, httpStatus: status)
        case .sessionExpired(let code):
            return CGMError(
                code: .sessionRejected, message: "Share rejected the session during \(step)",
                vendorCode: code, httpStatus: status)
        case .transient(let code):
            return CGMError(
                code: .serverUnavailable, message: "Share failed during \(step); try again later",
                vendorCode: code, httpStatus: status)
        case .other(let code):
            return CGMError(
                code: .unexpectedResponse, message: "Share answered \(step) with an error code",
                vendorCode: code, httpStatus: status)
        case .noCode:
            if status == 429 {
                let delay = RetryAfter.delayMilliseconds(
                    response.headerFields.values(for: "Retry-After"), now: clock.now())
                return CGMError(
                    code: .rateLimited, message: "Share asked to slow down", httpStatus: status,
                    retryAfterSeconds: delay.map(RetryAfter.seconds(fromMilliseconds:)))
            }
            if (500...599).contains(status) {
                return CGMError(
                    code: .serverUnavailable, message: "Share failed during \(step) without an error code",
                    httpStatus: status)
            }
            return CGMError(
                code: .unexpectedResponse, message: "Share answered \(step) unexpectedly", httpStatus: status)
        }
    }

    /// Latches a credential error or lockout: every later login is refused with it,
    /// by this client and, through the login-state store, by every client of the
    /// account. Other errors pass through unchanged.
    private func latch(_ error: CGMError) async -> CGMError {
        guard error.code == .credentialsRejected || error.code == .accountLocked else { return error }
        rejection = error
        credentialsResupplied = false
        sessionID = nil
        let now = clock.now()
        let lockedUntil =
            error.code == .accountLocked
            ? now.adding(milliseconds: Int64(min(max(0, configuration.lockoutCoolDownSeconds), 366 * 86_400)) * 1000)
            : nil
        let salt = random.bytes(count: 16)
        let rejected = credentials
        // The in-memory latch holds even if the store fails; the error the caller
        // sees is Share's, not the store's.
        try? await updateLoginState { state in
            state.rejecting(rejected, code: error.vendorCode, at: now, salt: salt, lockedUntil: lockedUntil)
        }
        return error
    }

    private func loadLoginState() async throws -> DexcomShareLoginState? {
        do {
            return try await loginStateStore.load()
        } catch {
            throw CGMError(
                code: .tokenPersistenceFailed,
                message: "the Share login-state store failed to load; no login without it", cause: error)
        }
    }

    /// Read-modify-write with compare-and-swap; `change` returns `nil` for no change.
    private func updateLoginState(_ change: @Sendable (DexcomShareLoginState) -> DexcomShareLoginState?) async throws {
        for _ in 0..<5 {
            let current = try await loadLoginState()
            guard let next = change(current ?? DexcomShareLoginState()) else { return }
            let swapped: Bool
            do {
                swapped = try await loginStateStore.compareAndSwap(expected: current, new: next)
            } catch {
                throw CGMError(
                    code: .tokenPersistenceFailed, message: "the Share login-state store failed to save",
                    cause: error)
            }
            if swapped { return }
        }
        throw CGMError(code: .tokenPersistenceFailed, message: "the Share login-state store kept changing while saving")
    }

    private func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        do {
            return try await transport.send(request)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw CGMError(code: .transportFailed, message: "the transport failed to deliver a Share request")
        }
    }

    private func log(_ name: CGMLogEvent.Name, status: Int? = nil, code: String? = nil) {
        logSink?.record(CGMLogEvent(name, provider: .dexcomShare, httpStatus: status, vendorCode: code))
    }
}

extension ShareFault {
    /// The Share code, if there was one.
    var code: String? {
        switch self {
        case .credentialsRejected(let code), .accountLocked(let code), .sessionExpired(let code), .transient(let code),
            .other(let code):
            code
        case .noCode:
            nil
        }
    }
}

/// The client holds the password, the account id and the session id: it renders as
/// its type name only, in descriptions, `dump()` and Mirrors.
extension DexcomShareClient: PHIRedacting {}
