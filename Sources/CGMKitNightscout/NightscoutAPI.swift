@_spi(AdapterSupport) import CGMKit

/// Which Nightscout API a ``NightscoutClient`` reads.
///
/// - ``v1``: `/api/v1/entries.json` and `/api/v1/treatments.json` (`find[date][$gte]`,
///   `count`), with the API secret as `API-SECRET` or an access token as `token`.
/// - ``v3``: `/api/v3/entries` and `/api/v3/treatments` (`date$gte`, `date$lt`,
///   `sort$desc=date`, `limit` ≤ 1000), answering `{"status": 200, "result": […]}`.
///   API v3 does not accept the API secret: the client exchanges the access token for
///   a JWT at `GET /api/v2/authorization/request/<token>` and sends it as
///   `Authorization: Bearer <jwt>` until it expires (or a 401 says it was revoked).
///   Source: cgm-remote-monitor `lib/api3/doc/security.md`, `lib/api3/doc/tutorial.md`.
public struct NightscoutAPI: Sendable, Hashable, CustomStringConvertible {
    let version: Int

    /// API v1 (the default; every Nightscout since 0.8).
    public static let v1 = NightscoutAPI(version: 1)
    /// API v3 (Nightscout 14 and later), with JWT authorization.
    public static let v3 = NightscoutAPI(version: 3)

    /// `v1` or `v3`.
    public var description: String { "v\(version)" }

    /// API v3's largest `limit`.
    static let v3MaximumLimit = 1_000
}

/// The JWT an API v3 client uses, fetched once and shared by concurrent requests
/// (single-flight), kept only in memory: it is short-lived and re-derived from the
/// access token. It never appears in a description or message.
actor NightscoutJWTKeeper {
    private var token: String?
    private var expiry: CGMInstant?
    private var inFlight: Task<String, any Error>?

    /// Seconds before expiry at which a JWT is renewed.
    static let renewalMarginMilliseconds: Int64 = 60_000

    /// A usable JWT: the cached one unless it expires within the margin or `stale`
    /// names it, else a new one from `fetch` (one fetch for any number of callers).
    func jwt(
        now: CGMInstant, stale: String? = nil,
        fetch: @escaping @Sendable () async throws -> (String, CGMInstant?)
    ) async throws -> String {
        if let token, token != stale,
            expiry.map({ now.adding(milliseconds: Self.renewalMarginMilliseconds) < $0 }) ?? true
        {
            return token
        }
        if let inFlight { return try await inFlight.value }
        let task = Task { () async throws -> String in
            let (token, expiry) = try await fetch()
            self.store(token, expiry)
            return token
        }
        inFlight = task
        defer { inFlight = nil }
        return try await task.value
    }

    private func store(_ token: String, _ expiry: CGMInstant?) {
        self.token = token
        self.expiry = expiry
    }
}
