@_spi(AdapterSupport) import CGMKit

/// A lockout-safe client of Abbott's LibreLinkUp follower API (`librelinkup`), per
/// SPEC §8 and the fact sheet `librelinkup.md` §1.
///
/// Flow: `POST /llu/auth/login` → `GET /llu/connections` (once, to find the patient) →
/// `GET /llu/connections/{patientId}/graph` or `/logbook`. The rules:
/// - **Headers**: `product` and `version` on every request (``Configuration/version``
///   defaults to ``defaultVersion``, Abbott's floor since 8 Oct 2025); data calls add
///   `Authorization: Bearer <token>` and `Account-Id`, the lower-case hex SHA-256 of the
///   logged-in follower's `user.id`.
/// - **The token is reused** until its `expires` (epoch seconds, about 180 days), less
///   ``Configuration/tokenExpiryMarginSeconds``, by the injected clock. A login answer whose
///   `expires` is missing or already past (clock skew) gives a token used until a 401,
///   never a login per request. An HTTP 401 on a data call logs in again once, then fails
///   with `sessionRejected`.
/// - **A `redirect` answer is followed once**, to the region it names; the client keeps
///   that region ("the only region change ever made"). A second redirect fails.
/// - **Status 2 (credentials) is never retried**: every later login with the credentials
///   that were sent is refused with `credentialsRejected` until the host calls
///   ``updateCredentials(_:)`` (an update made while that login was in flight is kept and
///   tried at the next call). A successful login lifts a stored rejection of other
///   credentials.
/// - **Status 429 (`locked`)** is `accountLocked`: logins wait the answer's `lockout`
///   seconds (``Configuration/lockoutCoolDownSeconds`` when it gives none), which new
///   credentials do not shorten. Both, and a short login lease taken before each login
///   (``Configuration/loginLeaseSeconds``), are kept in the host's ``LibreLinkUpLoginStateStore``
///   (an in-memory one per client by default), so another client of the account makes
///   no login either.
/// - **Status 920** is `unexpectedResponse` whose cause is
///   ``LibreLinkUpFailure/appVersionRejected(minimumVersion:)``; **status 4 at login** is
///   `authorizationDenied` with ``LibreLinkUpFailure/accountActionRequired(step:)``
///   ("accept the terms in the LibreLink app"), and logins then wait
///   ``Configuration/accountActionCoolDownSeconds`` (in memory; lifted by
///   ``updateCredentials(_:)``); on a data call, ``LibreLinkUpFailure/patientNotFound``,
///   after which a patient the client found itself is listed again at the next call.
/// - **Answers that are not JSON** (Cloudflare pages, empty 430s) are `transportFailed`
///   with ``LibreLinkUpFailure/notJSON(httpStatus:)``, never parsed as data; a 5xx that is
///   not JSON is `serverUnavailable` (at login, still not retried).
/// - **Only data calls (GETs) are retried**, on a transport error or a 5xx, per
///   ``Configuration/retryPolicy``: they cannot count toward a lockout. A login is never
///   retried.
/// - **Concurrent calls share one login and one `/llu/connections` lookup.**
/// - **Cancellation** is a `CGMError` with code `cancelled`.
///
/// ```swift
/// let client = LibreLinkUpClient(region: .eu,
///                                credentials: LibreLinkUpCredentials(email: email, password: password),
///                                transport: URLSessionTransport(session: URLSessionTransport.makeEphemeralSession()))
/// let batch = try await client.graph()
/// ```
public actor LibreLinkUpClient {
    /// Abbott's `version` floor since 8 Oct 2025 (fact sheet §1.9): older values get
    /// status 920 on data calls.
    public static let defaultVersion = "4.16.0"

    /// Tunables.
    public struct Configuration: Sendable, Hashable {
        /// The `version` header: the LibreLinkUp app version claimed. Raise it to the
        /// `minimumVersion` of an ``LibreLinkUpFailure/appVersionRejected(minimumVersion:)``.
        public var version: String
        /// The `product` header: `llu.ios` (default) or `llu.android`.
        public var product: String
        /// The patient to read (a `patientId` of `/llu/connections`); `nil` reads the only
        /// connection, or the one at ``connectionIndex``. It goes into the URL path, so it
        /// must be letters, digits and `-`, 1–64 characters (the check server ids pass too):
        /// any other value fails every call with `invalidArgument`, before any request.
        public var patientID: String?
        /// Which connection to read when the account follows several (0-based, in the
        /// server's order); `nil` refuses to guess.
        public var connectionIndex: Int?
        /// How long logins wait after a lockout whose answer gives no `lockout` seconds.
        /// Default 300 (Abbott's observed lock); at most a year is used.
        public var lockoutCoolDownSeconds: Int
        /// A token is renewed this many seconds before its `expires`. Default 60.
        public var tokenExpiryMarginSeconds: Int
        /// How long logins wait, in this client, after a login answered status 4 (an account
        /// step such as accepting the terms is pending): the step needs the user in the
        /// LibreLink app, so polling sooner only adds logins. Default 3600 (1 hour); at most
        /// a year is used; ``LibreLinkUpClient/updateCredentials(_:)`` lifts it.
        public var accountActionCoolDownSeconds: Int
        /// The `User-Agent` sent with every request.
        public var userAgent: String
        /// Retries of data calls (never of logins).
        public var retryPolicy: RetryPolicy
        /// How long a login lease taken in the login-state store lasts, at most: while one
        /// client logs in, the other clients of the store make no login (they throw
        /// `rateLimited` with the lease's remainder as `retryAfterSeconds`). The lease is
        /// released when the login ends; this bounds it when a process dies mid-login.
        /// Default 60 (Abbott counts failures over 60 s); 0 takes no lease; at most 3600.
        public var loginLeaseSeconds: Int

        /// Creates a configuration.
        public init(
            version: String = LibreLinkUpClient.defaultVersion, product: String = "llu.ios",
            patientID: String? = nil, connectionIndex: Int? = nil, lockoutCoolDownSeconds: Int = 300,
            tokenExpiryMarginSeconds: Int = 60, userAgent: String = "CGMKit/0.1",
            retryPolicy: RetryPolicy = RetryPolicy(), accountActionCoolDownSeconds: Int = 3600,
            loginLeaseSeconds: Int = 60
        ) {
            self.loginLeaseSeconds = loginLeaseSeconds
            self.accountActionCoolDownSeconds = accountActionCoolDownSeconds
            self.version = version
            self.product = product
            self.patientID = patientID
            self.connectionIndex = connectionIndex
            self.lockoutCoolDownSeconds = lockoutCoolDownSeconds
            self.tokenExpiryMarginSeconds = tokenExpiryMarginSeconds
            self.userAgent = userAgent
            self.retryPolicy = retryPolicy
        }
    }

    /// A logged-in session: the token, when it expires (`nil`: used until a 401), and the
    /// `Account-Id` value.
    struct Session: Sendable {
        var token: String
        var expires: CGMInstant?
        var accountID: String
    }

    /// A login refusal held in memory, with the credentials it is about.
    struct Refusal: Sendable {
        var error: CGMError
        var credentials: LibreLinkUpCredentials
        /// Logins are refused until then; `nil`: until new credentials.
        var until: CGMInstant?
    }

    /// The region the client talks to: the one it was created with, or the one a
    /// redirect named.
    public private(set) var region: LibreLinkUpRegion
    private let transport: any HTTPTransport
    let clock: any CGMClock
    let configuration: Configuration
    private let logSink: (any CGMLogSink)?
    private let requests: LibreLinkUpRequests
    private let sender: RetryingSender
    private let random: any CGMRandomSource
    private let loginStateStore: any LibreLinkUpLoginStateStore

    private var credentials: LibreLinkUpCredentials
    private var session: Session?
    private var patientID: String?
    private var loginInFlight: Task<Session, any Error>?
    private var patientLookupInFlight: Task<String, any Error>?
    private var rejection: Refusal?
    private var pendingAccountStep: Refusal?
    private var credentialsResupplied = false
    private var hasFollowedRedirect = false
    /// The end of the login lease this client took in the store, while its login runs.
    private var heldLease: Int64?

    /// Creates a client. Pass `loginStateStore` to share credential rejections and
    /// lockout cool-downs with every other client of the account (other instances,
    /// later processes). `clock`, `sleeper` and `random` exist for tests.
    public init(
        region: LibreLinkUpRegion, credentials: LibreLinkUpCredentials, transport: any HTTPTransport,
        clock: any CGMClock = SystemClock(), sleeper: any CGMSleeper = TaskSleeper(),
        random: any CGMRandomSource = SystemRandomSource(), configuration: Configuration = Configuration(),
        logSink: (any CGMLogSink)? = nil, loginStateStore: (any LibreLinkUpLoginStateStore)? = nil
    ) {
        self.region = region
        self.credentials = credentials
        self.transport = transport
        self.clock = clock
        self.configuration = configuration
        self.logSink = logSink
        self.random = random
        self.requests = LibreLinkUpRequests(
            product: configuration.product, version: configuration.version, userAgent: configuration.userAgent)
        self.loginStateStore = loginStateStore ?? InMemoryLibreLinkUpLoginStateStore()
        self.sender = RetryingSender(
            policy: configuration.retryPolicy, sleeper: sleeper, random: random, clock: clock,
            budget: RetryBudget(), logSink: logSink, provider: .libreLinkUp)
    }

    /// Replaces the credentials and lifts a credential rejection (also the one in the
    /// login-state store, at the next login) and the cool-down after a pending account step
    /// (status 4). A lockout cool-down still runs to its end. Made while a login is in
    /// flight, the update survives that login's outcome: the new credentials are tried at
    /// the next call.
    public func updateCredentials(_ newCredentials: LibreLinkUpCredentials) {
        credentials = newCredentials
        rejection = nil
        pendingAccountStep = nil
        credentialsResupplied = true
        session = nil
        patientID = nil
    }

    /// Makes sure a session exists, logging in if needed: a way for a host to check
    /// credentials at set-up.
    ///
    /// - Throws: `CGMError`: `credentialsRejected`, `accountLocked` (when the store failed
    ///   to record either, its `cause` is the store's `tokenPersistenceFailed` error),
    ///   `authorizationDenied` (an account step is pending, also during its cool-down),
    ///   `unexpectedResponse` (status 920, a second redirect, an unknown status),
    ///   `transportFailed` (no answer, or one that is not JSON), `serverUnavailable` (a
    ///   5xx that is not JSON), `rateLimited` (another client of the store holds the login
    ///   lease), `tokenPersistenceFailed` (the login-state store failed), `cancelled`.
    public func signIn() async throws {
        _ = try await surfacingCancellation { try await currentSession() }
    }

    /// The current reading and about 12 hours of 5-minute history of the followed patient
    /// (`/graph`), normalized by ``LibreLinkUpNormalizer``.
    ///
    /// - Throws: `CGMError`: the errors of ``signIn()``, `invalidArgument` (the account
    ///   follows several patients and none was chosen, or ``Configuration/patientID`` is not
    ///   path-safe; no request is made), `sessionRejected`, `rateLimited`,
    ///   `serverUnavailable`, `unexpectedResponse` with ``LibreLinkUpFailure/patientNotFound``
    ///   (a patient the client found itself is listed again at the next call), or what the
    ///   normalizer throws.
    public func graph() async throws -> CGMBatch {
        try await surfacingCancellation {
            let patient = try await resolvedPatientID()
            let document = try await patientAnswer(patient, "graph")
            return try LibreLinkUpNormalizer().normalize(document)
        }
    }

    /// About 14 days of logbook entries (readings the patient looked at, and alarms),
    /// normalized by ``LibreLinkUpNormalizer``.
    ///
    /// - Throws: what ``graph()`` throws.
    public func logbook() async throws -> CGMBatch {
        try await surfacingCancellation {
            let patient = try await resolvedPatientID()
            let document = try await patientAnswer(patient, "logbook")
            return try LibreLinkUpNormalizer().normalize(document)
        }
    }

    /// Runs `body`, turning a `CancellationError` into a `CGMError` with code `cancelled`
    /// (as the Dexcom clients do): every error of the client is a `CGMError`.
    private func surfacingCancellation<T: Sendable>(
        _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch is CancellationError {
            throw CGMError(code: .cancelled, message: "the LibreLinkUp call was cancelled")
        }
    }

    // MARK: - Patient

    /// A data call about `patient`. On `patientNotFound`, a patient id the client found
    /// itself is forgotten, so the next call lists the connections again; one the host
    /// configured is kept (the host chose it).
    private func patientAnswer(_ patient: String, _ endpoint: String) async throws -> JSONValue {
        do {
            return try await dataAnswer(LibreLinkUpRequests.patientPath(patient, endpoint))
        } catch let error as CGMError where error.libreLinkUpFailure == .patientNotFound {
            if configuration.patientID == nil, patientID == patient { patientID = nil }
            throw error
        }
    }

    /// The configured patient id (checked like a server's), the one found earlier, or the
    /// one `/llu/connections` names, looked up once for all concurrent callers.
    private func resolvedPatientID() async throws -> String {
        if let configured = configuration.patientID {
            guard Self.isPathSafe(configured) else {
                throw CGMError(
                    code: .invalidArgument,
                    message:
                        "Configuration.patientID is not a LibreLinkUp patientId (letters, digits and '-', 1-64 characters)"
                )
            }
            return configured
        }
        if let patientID { return patientID }
        if let patientLookupInFlight { return try await patientLookupInFlight.value }
        let task = Task { try await self.listedPatientID() }
        patientLookupInFlight = task
        defer { patientLookupInFlight = nil }
        let id = try await task.value
        patientID = id
        return id
    }

    private func listedPatientID() async throws -> String {
        let document = try await dataAnswer(LibreLinkUpRequests.connectionsPath)
        let list = document.objectValue?["data"]?.arrayValue ?? []
        let chosen: JSONValue
        if let index = configuration.connectionIndex {
            guard list.indices.contains(index) else {
                throw CGMError(
                    code: .invalidArgument,
                    message: "the connection index is outside the \(list.count) connections of the account")
            }
            chosen = list[index]
        } else {
            guard list.count == 1, let only = list.first else {
                if list.isEmpty {
                    throw CGMError(
                        code: .unexpectedResponse,
                        message:
                            "the LibreLinkUp account follows no one (a LibreView patient account, or an invitation not accepted)"
                    )
                }
                throw CGMError(
                    code: .invalidArgument,
                    message: "the LibreLinkUp account follows \(list.count) patients; set patientID or connectionIndex")
            }
            chosen = only
        }
        guard let id = chosen.objectValue?["patientId"]?.stringValue, Self.isPathSafe(id) else {
            throw CGMError(code: .unexpectedResponse, message: "the LibreLinkUp connection has no usable patientId")
        }
        return id
    }

    // MARK: - Data calls

    /// The envelope of a data call whose status is 0.
    private func dataAnswer(_ path: String) async throws -> JSONValue {
        var renewed = false
        while true {
            let current = try await currentSession()
            log(.requestStarted)
            let request = try requests.get(
                region: region, path: path, token: current.token, accountID: current.accountID)
            let response = try await sender.send(request, through: transport) { (500...599).contains($0.statusCode) }
            guard let document = try? JSONReader().read(response.body) else {
                log(.requestFailed, status: response.statusCode)
                throw Self.notJSON(response, during: "a data call")
            }
            let status = document.objectValue?["status"].flatMap(LibreLinkUpEnvelope.integer)
            if response.statusCode == 401 {
                log(.sessionExpired, status: 401)
                if renewed {
                    throw CGMError(
                        code: .sessionRejected, message: "LibreLinkUp rejected the token again right after a new login",
                        httpStatus: 401)
                }
                renewed = true
                if session?.token == current.token { session = nil }
                continue
            }
            if status == 0, response.isSuccess { return document }
            log(.requestFailed, status: response.statusCode, code: status.map(String.init))
            throw dataFailure(status: status, document: document, response: response)
        }
    }

    private func dataFailure(status: Int?, document: JSONValue, response: HTTPResponse) -> CGMError {
        let http = response.statusCode
        switch status {
        case 920?:
            return Self.versionRejected(document, httpStatus: http)
        case 4?:
            if let step = document.objectValue?["data"]?.objectValue?["step"]?.objectValue {
                return Self.accountAction(step, httpStatus: http)
            }
            return CGMError(
                code: .unexpectedResponse,
                message: "LibreLinkUp could not load the patient (unknown or no longer followed)",
                cause: LibreLinkUpFailure.patientNotFound, vendorCode: "4", httpStatus: http)
        case 429?:
            return rateLimited(response)
        case nil where http == 429:
            return rateLimited(response)
        case nil where (500...599).contains(http):
            return CGMError(code: .serverUnavailable, message: "LibreLinkUp failed a data call", httpStatus: http)
        default:
            return CGMError(
                code: .unexpectedResponse, message: "LibreLinkUp answered a data call with an error",
                vendorCode: status.map(String.init), httpStatus: http)
        }
    }

    private func rateLimited(_ response: HTTPResponse) -> CGMError {
        let delay = RetryAfter.delayMilliseconds(response.headerFields.values(for: "Retry-After"), now: clock.now())
        return CGMError(
            code: .rateLimited, message: "LibreLinkUp asked to slow down", httpStatus: response.statusCode,
            retryAfterSeconds: delay.map(RetryAfter.seconds(fromMilliseconds:)))
    }

    // MARK: - Session and login

    /// When a token that expires at `expires` is renewed: `expires` less the margin.
    private func renewalInstant(_ expires: CGMInstant) -> CGMInstant {
        expires.adding(milliseconds: -Int64(min(max(configuration.tokenExpiryMarginSeconds, 0), 86_400)) * 1000)
    }

    private func currentSession() async throws -> Session {
        if let session {
            guard let expires = session.expires else { return session }
            if clock.now() < renewalInstant(expires) { return session }
        }
        session = nil
        if let loginInFlight { return try await loginInFlight.value }
        let task = Task {
            try await self.checkLoginAllowed()
            do {
                return try await self.login()
            } catch {
                await self.releaseLoginLease()
                throw error
            }
        }
        loginInFlight = task
        defer { loginInFlight = nil }
        return try await task.value
    }

    /// Refuses a login during a stored cool-down, with credentials that were rejected (by
    /// this client, or by any client sharing the login-state store), or while another
    /// client holds the login lease; otherwise takes the lease (compare-and-swap), so that
    /// clients of one store starting together make one login, not one each.
    private func checkLoginAllowed() async throws {
        for _ in 0..<5 {
            let state = try await loadLoginState()
            var next = try loginRefusalCheck(state) ?? state ?? LibreLinkUpLoginState()
            let now = clock.now()
            if let leaseEnd = next.loginLeaseUntil, now < leaseEnd {
                log(.loginSuppressed, code: "lease")
                let remainder = (leaseEnd.millisecondsSince1970 - now.millisecondsSince1970 + 999) / 1000
                throw CGMError(
                    code: .rateLimited,
                    message:
                        "another client of the LibreLinkUp login-state store is logging in; wait for its outcome",
                    retryAfterSeconds: Int(clamping: remainder))
            }
            let seconds = min(max(configuration.loginLeaseSeconds, 0), 3600)
            let lease = now.adding(milliseconds: Int64(seconds) * 1000)
            next.loginLeaseUntilMilliseconds = seconds > 0 ? lease.millisecondsSince1970 : nil
            if next == state { return }
            let swapped: Bool
            do {
                swapped = try await loginStateStore.compareAndSwap(expected: state, new: next)
            } catch {
                throw CGMError(
                    code: .tokenPersistenceFailed,
                    message: "the LibreLinkUp login-state store failed to save the login lease; no login without it",
                    cause: error)
            }
            if swapped {
                heldLease = next.loginLeaseUntilMilliseconds
                return
            }
        }
        throw CGMError(
            code: .tokenPersistenceFailed, message: "the LibreLinkUp login-state store kept changing before a login")
    }

    /// The stored state with a rejection of re-supplied credentials lifted, `nil` for
    /// no change; throws the refusal when no login may be made.
    private func loginRefusalCheck(_ state: LibreLinkUpLoginState?) throws -> LibreLinkUpLoginState? {
        if let lockedUntil = state?.lockedUntil, clock.now() < lockedUntil {
            log(.loginSuppressed, code: "429")
            throw CGMError(
                code: .accountLocked,
                message: "LibreLinkUp locked the account after failed logins; logins wait until the cool-down ends",
                vendorCode: "429")
        }
        if let rejection, rejection.credentials == credentials {
            log(.loginSuppressed, code: rejection.error.vendorCode)
            throw rejection.error
        }
        if let step = pendingAccountStep, let until = step.until, clock.now() < until {
            log(.loginSuppressed, code: "4")
            throw step.error
        }
        guard let state, state.rejects(credentials) else { return nil }
        if credentialsResupplied { return state.liftingRejection() }
        log(.loginSuppressed, code: state.rejectionStatus.map(String.init))
        throw CGMError(
            code: .credentialsRejected,
            message:
                "LibreLinkUp rejected these credentials earlier (recorded in the login-state store); no login until new credentials are supplied",
            vendorCode: state.rejectionStatus.map(String.init))
    }

    private func login() async throws -> Session {
        while true {
            log(.loginStarted)
            // The credentials this login sends: an answer is about them, whatever
            // `updateCredentials(_:)` does while the request is in flight.
            let sent = credentials
            let response = try await send(try requests.login(region: region, credentials: sent))
            guard let document = try? JSONReader().read(response.body) else {
                log(.loginFailed, status: response.statusCode)
                if (500...599).contains(response.statusCode) {
                    throw CGMError(
                        code: .serverUnavailable,
                        message: "LibreLinkUp failed the login with a server error; the login is not retried",
                        httpStatus: response.statusCode)
                }
                throw Self.notJSON(response, during: "the login")
            }
            let object = document.objectValue
            guard let status = object?["status"].flatMap(LibreLinkUpEnvelope.integer) else {
                log(.loginFailed, status: response.statusCode)
                if response.statusCode == 429 { throw rateLimited(response) }
                throw CGMError(
                    code: .unexpectedResponse, message: "LibreLinkUp answered the login without a status",
                    httpStatus: response.statusCode)
            }
            let data = object?["data"]?.objectValue
            switch status {
            case 0:
                if data?["redirect"] == .bool(true) {
                    try followRedirect(to: data?["region"]?.stringValue)
                    continue
                }
                guard var session = Self.session(from: data) else {
                    log(.loginFailed, status: response.statusCode, code: "0")
                    throw CGMError(
                        code: .unexpectedResponse, message: "LibreLinkUp answered the login without a token or user id",
                        httpStatus: response.statusCode)
                }
                // An `expires` that is missing or already past by the injected clock
                // (clock skew) would mean a login per request: the token is used until a 401.
                if let expires = session.expires, clock.now() >= renewalInstant(expires) { session.expires = nil }
                if sent == credentials { self.session = session }
                log(.loginSucceeded)
                await liftStaleRejection()
                return session
            case 2:
                log(.loginFailed, status: response.statusCode, code: "2")
                throw await latch(
                    CGMError(
                        code: .credentialsRejected,
                        message:
                            "LibreLinkUp rejected the credentials (status 2: a wrong password, or a LibreView patient account instead of a LibreLinkUp one); no further login until new credentials are supplied",
                        vendorCode: "2", httpStatus: response.statusCode),
                    lockoutSeconds: nil, sent: sent)
            case 429:
                log(.loginFailed, status: response.statusCode, code: "429")
                throw await latch(
                    CGMError(
                        code: .accountLocked,
                        message:
                            "LibreLinkUp locked the account after failed logins (status 429); logins wait for the cool-down and new credentials",
                        vendorCode: "429", httpStatus: response.statusCode),
                    lockoutSeconds: Self.lockoutSeconds(data), sent: sent)
            case 4:
                log(.loginFailed, status: response.statusCode, code: "4")
                let error = Self.accountAction(
                    data?["step"]?.objectValue ?? JSONObject(members: []), httpStatus: response.statusCode)
                if sent == credentials {
                    let seconds = min(max(configuration.accountActionCoolDownSeconds, 0), 366 * 86_400)
                    pendingAccountStep = Refusal(
                        error: error, credentials: sent, until: clock.now().adding(milliseconds: Int64(seconds) * 1000))
                }
                throw error
            case 920:
                log(.loginFailed, status: response.statusCode, code: "920")
                throw Self.versionRejected(document, httpStatus: response.statusCode)
            default:
                log(.loginFailed, status: response.statusCode, code: String(status))
                throw CGMError(
                    code: .unexpectedResponse, message: "LibreLinkUp answered the login with an unknown status",
                    vendorCode: String(status), httpStatus: response.statusCode)
            }
        }
    }

    /// Follows a redirect once in the client's life, to another region.
    private func followRedirect(to code: String?) throws {
        guard !hasFollowedRedirect else {
            log(.loginFailed, code: "redirect")
            throw CGMError(
                code: .unexpectedResponse,
                message: "LibreLinkUp redirected the login again after one redirect; no further region is tried")
        }
        guard let code, let next = region.redirected(to: code), next.name != region.name else {
            log(.loginFailed, code: "redirect")
            throw CGMError(
                code: .unexpectedResponse, message: "LibreLinkUp redirected the login to an unusable region")
        }
        hasFollowedRedirect = true
        region = next
    }

    // MARK: - Login state

    /// Latches a credential rejection or lockout of the `sent` credentials: every later
    /// login with them is refused, by this client and, through the login-state store, by
    /// every client of the account. Credentials updated while the login was in flight are
    /// kept and tried at the next call. When the store fails to save, the caller still
    /// gets LibreLinkUp's error (the host must act on it), with the store's
    /// `tokenPersistenceFailed` error as its `cause`.
    private func latch(_ error: CGMError, lockoutSeconds: Int?, sent: LibreLinkUpCredentials) async -> CGMError {
        if sent == credentials {
            rejection = Refusal(error: error, credentials: sent, until: nil)
            credentialsResupplied = false
            session = nil
        }
        let now = clock.now()
        let seconds = lockoutSeconds ?? configuration.lockoutCoolDownSeconds
        let lockedUntil =
            error.code == .accountLocked
            ? now.adding(milliseconds: Int64(min(max(0, seconds), 366 * 86_400)) * 1000) : nil
        let salt = random.bytes(count: 16)
        let status = error.code == .accountLocked ? 429 : 2
        do {
            let lease = heldLease
            heldLease = nil
            try await updateLoginState { state in
                state.rejecting(sent, status: status, at: now, salt: salt, lockedUntil: lockedUntil)
                    .releasingLease(lease)
            }
        } catch let storeFailure as CGMError {
            // The in-memory latch holds, but other clients of the store are not protected:
            // LibreLinkUp's error (what the host must act on) carries the store failure.
            log(.loginStateSaveFailed, code: String(status))
            return CGMError(
                code: error.code, message: error.message + " (the login-state store failed to record it)",
                cause: storeFailure, vendorCode: error.vendorCode, httpStatus: error.httpStatus,
                retryAfterSeconds: error.retryAfterSeconds)
        } catch {
            log(.loginStateSaveFailed, code: String(status))
        }
        return error
    }

    /// After a successful login, a stored rejection (of other, stale credentials) is
    /// lifted, since the account's credentials work, and the login lease is released. A
    /// store failure here changes nothing the caller needs: it is logged (an unreleased
    /// lease ends by itself).
    private func liftStaleRejection() async {
        let lease = heldLease
        heldLease = nil
        do {
            try await updateLoginState { state in
                let next = (state.hasRejection ? state.liftingRejection() : state).releasingLease(lease)
                return next == state ? nil : next
            }
        } catch {
            log(.loginStateSaveFailed)
        }
    }

    /// Releases the login lease this client holds, after a login that ended without a
    /// session or a stored rejection (a transport failure, status 4 or 920, ...).
    private func releaseLoginLease() async {
        guard let lease = heldLease else { return }
        heldLease = nil
        do {
            try await updateLoginState { state in
                let next = state.releasingLease(lease)
                return next == state ? nil : next
            }
        } catch {
            log(.loginStateSaveFailed)
        }
    }

    private func loadLoginState() async throws -> LibreLinkUpLoginState? {
        do {
            return try await loginStateStore.load()
        } catch {
            throw CGMError(
                code: .tokenPersistenceFailed,
                message: "the LibreLinkUp login-state store failed to load; no login without it", cause: error)
        }
    }

    /// Read-modify-write with compare-and-swap; `change` returns `nil` for no change.
    private func updateLoginState(
        _ change: @Sendable (LibreLinkUpLoginState) -> LibreLinkUpLoginState?
    ) async throws {
        for _ in 0..<5 {
            let current = try await loadLoginState()
            guard let next = change(current ?? LibreLinkUpLoginState()) else { return }
            let swapped: Bool
            do {
                swapped = try await loginStateStore.compareAndSwap(expected: current, new: next)
            } catch {
                throw CGMError(
                    code: .tokenPersistenceFailed, message: "the LibreLinkUp login-state store failed to save",
                    cause: error)
            }
            if swapped { return }
        }
        throw CGMError(
            code: .tokenPersistenceFailed, message: "the LibreLinkUp login-state store kept changing while saving")
    }

    /// Sends a login, once: a failed transport is reported, never retried.
    private func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        do {
            return try await transport.send(request)
        } catch is CancellationError {
            throw CGMError(code: .cancelled, message: "the LibreLinkUp login was cancelled")
        } catch {
            throw CGMError(code: .transportFailed, message: "the transport failed to deliver a LibreLinkUp login")
        }
    }

    private func log(_ name: CGMLogEvent.Name, status: Int? = nil, code: String? = nil) {
        logSink?.record(CGMLogEvent(name, provider: .libreLinkUp, httpStatus: status, vendorCode: code))
    }
}

/// The client holds the password and the token: it renders as its type name only, in
/// descriptions, `dump()` and Mirrors.
extension LibreLinkUpClient: PHIRedacting {}

extension CGMLogEvent.Name {
    /// The LibreLinkUp client could not record a rejection or lockout (or lift a stale
    /// one) in the login-state store; other clients of the store are not protected.
    public static let loginStateSaveFailed = Self("loginStateSaveFailed")
}
