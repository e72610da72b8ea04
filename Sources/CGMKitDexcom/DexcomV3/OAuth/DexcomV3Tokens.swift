@_spi(AdapterSupport) import CGMKit

/// One user's OAuth tokens, as the host stores them (see ``DexcomV3TokenStore``).
///
/// Descriptions, `dump()` and Mirror walks show none of the values; read the
/// properties to persist them, in the host's encrypted store on its server.
public struct DexcomV3Tokens: Sendable, Hashable, PHIRedacting {
    /// The bearer token for data requests.
    public let accessToken: String
    /// The token that obtains the next access token; `nil` when Dexcom sent none, in
    /// which case the user must authorize again once the access token expires.
    public let refreshToken: String?
    /// When the tokens arrived, by the client's clock.
    public let issuedAt: CGMInstant
    /// When the access token expires: ``issuedAt`` plus the lifetime Dexcom gave.
    public let expiresAt: CGMInstant
    /// When Dexcom answered `invalid_grant` to this grant's refresh token, by the
    /// client's clock; `nil` while the grant is usable. A revoked grant stays in the
    /// host's store so that every client, in every process, answers
    /// `CGMError.Code.reauthorizationRequired` without a token request, until a new
    /// authorization replaces it. **Persist it with the tokens.**
    public let grantRevokedAt: CGMInstant?

    /// Creates tokens, for example when restoring them from the host's store.
    public init(
        accessToken: String, refreshToken: String?, issuedAt: CGMInstant, expiresAt: CGMInstant,
        grantRevokedAt: CGMInstant? = nil
    ) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.grantRevokedAt = grantRevokedAt
    }

    /// Whether the user must authorize the app again before any data request.
    public var requiresReauthorization: Bool { grantRevokedAt != nil }

    /// The same tokens, recorded as revoked at `instant`.
    func revoked(at instant: CGMInstant) -> DexcomV3Tokens {
        DexcomV3Tokens(
            accessToken: accessToken, refreshToken: refreshToken, issuedAt: issuedAt, expiresAt: expiresAt,
            grantRevokedAt: instant)
    }

    /// Whether the access token can be used at `now` without refreshing first.
    ///
    /// It is fresh from ``issuedAt`` (minus 5 minutes of tolerance, so a clock moved
    /// back does not make a token look valid for ever) until ``expiresAt`` minus
    /// `skewSeconds`; the skew is limited to half the lifetime.
    public func isFresh(at now: CGMInstant, skewSeconds: Int) -> Bool {
        let lifetime = expiresAt.millisecondsSince1970 - issuedAt.millisecondsSince1970
        guard lifetime > 0 else { return false }
        let skew = min(Int64(max(0, skewSeconds)) * 1000, lifetime / 2)
        return now >= issuedAt.adding(milliseconds: -300_000) && now < expiresAt.adding(milliseconds: -skew)
    }
}
