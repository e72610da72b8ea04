@_spi(AdapterSupport) import CGMKit

/// How a Nightscout site lets a reader in.
///
/// - ``apiSecret(_:)``: the site's `API_SECRET` (12 characters or more). It is sent as
///   the `API-SECRET` header holding its SHA-1 hex digest, never as itself.
/// - ``token(_:)``: an access token from the site's admin tools
///   (`readable-1a2b3c4d5e6f7a8b`), sent as the `token` query item. Prefer a token
///   with the `readable` role: it cannot change the site.
/// - ``none``: an open site (`AUTH_DEFAULT_ROLES=readable`).
///
/// Its description, debug description and Mirror are redacted.
public enum NightscoutCredential: Sendable, Hashable, PHIRedacting {
    /// The site's API secret.
    case apiSecret(String)
    /// An access token.
    case token(String)
    /// No credential.
    case none

    /// `apiSecret(<redacted>)`, `token(<redacted>)` or `none`.
    public var description: String {
        switch self {
        case .apiSecret: "apiSecret(<redacted>)"
        case .token: "token(<redacted>)"
        case .none: "none"
        }
    }

    /// A mirror with no children, shown as an enum.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .enum) }

    /// The header field this credential adds, if any.
    var headerField: HTTPFields.Field? {
        guard case .apiSecret(let secret) = self else { return nil }
        return HTTPFields.Field(name: "API-SECRET", value: SHA1.hexDigest(secret))
    }

    /// The query item this credential adds, if any.
    var queryToken: String? {
        guard case .token(let token) = self else { return nil }
        return token
    }
}
