@_spi(AdapterSupport) import CGMKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An authorization in progress: where to send the user, and the secrets that bind
/// the callback to this request.
///
/// Keep it in the **user's own session** on the server (that is what binds the
/// callback to the person who started it), hand it back to
/// ``DexcomV3Client/completeAuthorization(callback:pending:)``, and delete it after.
/// Descriptions, `dump()` and Mirror walks show none of the values.
public struct DexcomV3PendingAuthorization: Sendable, Hashable, PHIRedacting {
    /// Dexcom's login page, with the `state` and the PKCE challenge. Redirect the user here.
    public let url: URL
    /// The single-use `state`: 32 random bytes, base64url.
    public let state: String
    /// The PKCE verifier sent with the code exchange (S256), or `nil` when PKCE is off.
    public let codeVerifier: String?
    /// When the authorization started, by the client's clock.
    public let createdAt: CGMInstant

    /// Creates a pending authorization, for example when restoring it from the host's session.
    public init(url: URL, state: String, codeVerifier: String?, createdAt: CGMInstant) {
        self.url = url
        self.state = state
        self.codeVerifier = codeVerifier
        self.createdAt = createdAt
    }
}

/// Checks an OAuth callback against the pending authorization, in the order
/// oauth4webapi uses: where it arrived, then `state`, then `error`, then `code`.
/// No check ever quotes either state value or the code.
struct AuthorizationCallback {
    /// The authorization code of a valid callback.
    let code: String

    /// Validates `callback`. `isExpired` and `consume` are asked only after the
    /// state matched; `consume` returns `false` when the state was used before.
    static func validate(
        _ callback: URL, pending: DexcomV3PendingAuthorization, redirectURI: String,
        isExpired: Bool, consume: () async -> Bool
    ) async throws -> AuthorizationCallback {
        let text = callback.absoluteString
        let arrivedAt =
            text.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let registered =
            redirectURI.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
            ?? ""
        guard arrivedAt == registered, !text.contains("#") else {
            throw invalid("the callback did not arrive at the registered redirect URI")
        }
        let items = URLComponents(url: callback, resolvingAgainstBaseURL: false)?.queryItems ?? []
        func single(_ name: String) throws -> String? {
            let values = items.filter { $0.name == name }
            guard values.count <= 1 else { throw invalid("the callback repeats the \(name) parameter") }
            return values.first?.value
        }
        let state = try single("state")
        let code = try single("code")
        let error = try single("error")
        guard let state, !state.isEmpty else { throw invalid("the callback has no state") }
        guard OAuthEncoding.constantTimeEqual(state, pending.state) else {
            throw invalid("the callback's state does not match the authorization this session started")
        }
        guard !isExpired else { throw invalid("the authorization expired; start it again") }
        guard await consume() else { throw invalid("the callback's state was already used") }
        if let error {
            guard code == nil else { throw invalid("the callback carries both a code and an error") }
            throw CGMError(code: .authorizationDenied, message: "Dexcom did not authorize the app", vendorCode: error)
        }
        guard let code, !code.isEmpty else { throw invalid("the callback has no code") }
        return AuthorizationCallback(code: code)
    }

    private static func invalid(_ message: String) -> CGMError {
        CGMError(code: .authorizationStateInvalid, message: message)
    }
}

/// The states already used, until they would have expired anyway, so a replayed
/// callback is refused. Bounded: the oldest entries go first beyond `capacity`.
actor UsedAuthorizationStates {
    private var expiries: [String: CGMInstant] = [:]
    private var order: [String] = []
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// Marks `state` used until `expiry`; `false` when it already was.
    func consume(_ state: String, expiry: CGMInstant, now: CGMInstant) -> Bool {
        let digest = OAuthEncoding.base64URL(SHA256.digest(Array(state.utf8)))
        if let known = expiries[digest], now < known { return false }
        order.removeAll { expiries[$0].map { now >= $0 } ?? true }
        expiries = expiries.filter { now < $0.value }
        if order.count >= capacity, let oldest = order.first {
            order.removeFirst()
            expiries[oldest] = nil
        }
        expiries[digest] = expiry
        order.append(digest)
        return true
    }
}

/// Used `state` values are secrets until they expire: the set renders as its type name only.
extension UsedAuthorizationStates: PHIRedacting {}
