@_spi(AdapterSupport) import CGMKit

/// Hands out a usable access token and refreshes it, once, for everyone.
///
/// - **Single flight.** Concurrent callers that need a refresh share one token
///   request: the refresh runs in an unstructured task stored *before* the first
///   suspension (actor re-entrancy), so it also survives the cancellation of the
///   caller that started it, and the slot is cleared when it ends, success or not.
/// - **The store first.** Before refreshing, the keeper re-reads the host's store: an
///   instance that lost a race adopts the stored tokens instead of spending a refresh
///   token that may have been rotated away.
/// - **Persist before use.** New tokens are written with compare-and-swap before any
///   caller sees them; if the store throws, nobody uses them.
/// - **`invalid_grant` is final** for that refresh token, and recorded in the store
///   (``DexcomV3Tokens/grantRevokedAt``): no client, in any process, makes a further
///   token request until the store holds new tokens (the user authorized again).
actor DexcomV3TokenKeeper {
    typealias Refresh = @Sendable (_ refreshToken: String, _ previous: DexcomV3Tokens) async throws -> DexcomV3Tokens

    private let store: any DexcomV3TokenStore
    private let clock: any CGMClock
    private let skewSeconds: Int
    private let logSink: (any CGMLogSink)?
    private var cached: DexcomV3Tokens?
    private var inFlight: Task<DexcomV3Tokens, any Error>?
    private var revokedRefreshToken: String?
    /// How many callers have waited on a refresh another caller started: the tests'
    /// deterministic barrier for single flight (it counts, it decides nothing).
    private(set) var joinedRefreshes = 0

    init(store: any DexcomV3TokenStore, clock: any CGMClock, skewSeconds: Int, logSink: (any CGMLogSink)?) {
        self.store = store
        self.clock = clock
        self.skewSeconds = skewSeconds
        self.logSink = logSink
    }

    /// Tokens whose access token is fresh, refreshing first when needed.
    func validTokens(refresh: @escaping Refresh) async throws -> DexcomV3Tokens {
        if let inFlight { return try await join(inFlight) }
        if let cached, cached.isFresh(at: clock.now(), skewSeconds: skewSeconds) { return cached }
        return try await shared(rejected: nil, refresh: refresh)
    }

    /// Tokens to use after Dexcom answered 401 to `rejected`: the stored tokens when
    /// another caller already replaced them, otherwise a refresh even if `rejected`
    /// looks fresh by the clock (the clock may be wrong).
    func tokens(replacing rejected: DexcomV3Tokens, refresh: @escaping Refresh) async throws -> DexcomV3Tokens {
        if let inFlight { return try await join(inFlight) }
        if let cached, cached != rejected, cached.isFresh(at: clock.now(), skewSeconds: skewSeconds) { return cached }
        return try await shared(rejected: rejected, refresh: refresh)
    }

    /// Records tokens from a completed authorization; lifts an `invalid_grant` latch.
    func authorized(_ tokens: DexcomV3Tokens) async throws {
        var expected = try await loadStore()
        for _ in 0..<3 {
            if try await swap(expected: expected, new: tokens) {
                cached = tokens
                revokedRefreshToken = nil
                return
            }
            expected = try await loadStore()
        }
        throw CGMError(code: .tokenPersistenceFailed, message: "the token store kept changing while saving new tokens")
    }

    private func join(_ inFlight: Task<DexcomV3Tokens, any Error>) async throws -> DexcomV3Tokens {
        joinedRefreshes += 1
        return try await inFlight.value
    }

    private func shared(rejected: DexcomV3Tokens?, refresh: @escaping Refresh) async throws -> DexcomV3Tokens {
        if let inFlight { return try await join(inFlight) }
        let task = Task { try await self.renew(rejected: rejected, refresh: refresh) }
        inFlight = task
        return try await task.value
    }

    private func renew(rejected: DexcomV3Tokens?, refresh: Refresh) async throws -> DexcomV3Tokens {
        defer { inFlight = nil }
        guard let stored = try await loadStore() else {
            throw CGMError(
                code: .reauthorizationRequired, message: "no tokens are stored; the user must authorize the app")
        }
        cached = stored
        if stored.requiresReauthorization {
            throw Self.revokedError
        }
        if stored != rejected, stored.isFresh(at: clock.now(), skewSeconds: skewSeconds) { return stored }
        guard let refreshToken = stored.refreshToken else {
            throw CGMError(
                code: .reauthorizationRequired,
                message: "the access token expired and Dexcom gave no refresh token; the user must authorize again")
        }
        if refreshToken == revokedRefreshToken {
            throw CGMError(
                code: .reauthorizationRequired,
                message: "Dexcom rejected this grant earlier; the user must authorize again")
        }
        log(.tokenRefreshStarted)
        let fresh: DexcomV3Tokens
        do {
            fresh = try await refresh(refreshToken, stored)
        } catch let error as CGMError where error.code == .reauthorizationRequired {
            log(.tokenRefreshFailed, status: error.httpStatus, code: error.vendorCode)
            // Another instance may have rotated the token meanwhile: its tokens win.
            if let current = try await loadStore(), current.refreshToken != refreshToken {
                cached = current
                return current
            }
            revokedRefreshToken = refreshToken
            try await recordRevocation(of: stored)
            throw error
        } catch let error as CGMError {
            log(.tokenRefreshFailed, status: error.httpStatus, code: error.vendorCode)
            throw error
        }
        if try await swap(expected: stored, new: fresh) {
            cached = fresh
            log(.tokenRefreshSucceeded)
            return fresh
        }
        // Someone else stored tokens while this refresh ran: theirs are the ones on record.
        guard let current = try await loadStore() else {
            throw CGMError(code: .tokenPersistenceFailed, message: "the token store lost the tokens during a refresh")
        }
        cached = current
        return current
    }

    static let revokedError = CGMError(
        code: .reauthorizationRequired,
        message: "the token store records that Dexcom rejected this grant; the user must authorize again")

    /// Writes the revocation to the store, so other clients and processes see it. A
    /// store that changed meanwhile (a new authorization, another instance's record)
    /// keeps its value.
    private func recordRevocation(of stored: DexcomV3Tokens) async throws {
        let revoked = stored.revoked(at: clock.now())
        if try await swap(expected: stored, new: revoked) {
            cached = revoked
        }
    }

    private func loadStore() async throws -> DexcomV3Tokens? {
        do {
            return try await store.load()
        } catch {
            throw CGMError(
                code: .tokenPersistenceFailed, message: "the token store failed to load the tokens",
                cause: error)
        }
    }

    private func swap(expected: DexcomV3Tokens?, new: DexcomV3Tokens) async throws -> Bool {
        do {
            return try await store.compareAndSwap(expected: expected, new: new)
        } catch {
            log(.tokenRefreshFailed)
            throw CGMError(
                code: .tokenPersistenceFailed,
                message: "the token store failed to save new tokens; they were not used",
                cause: error)
        }
    }

    private func log(_ name: CGMLogEvent.Name, status: Int? = nil, code: String? = nil) {
        logSink?.record(CGMLogEvent(name, provider: .dexcomV3, httpStatus: status, vendorCode: code))
    }
}

/// The keeper holds tokens and an in-flight refresh: it renders as its type name only.
extension DexcomV3TokenKeeper: PHIRedacting {}
