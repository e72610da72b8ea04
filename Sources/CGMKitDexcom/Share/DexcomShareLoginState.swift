@_spi(AdapterSupport) import CGMKit

/// What Dexcom Share said about one account's logins that must outlive a client: a
/// credential rejection and a lockout cool-down. Kept in the host's
/// ``DexcomShareLoginStateStore`` so that two server instances, or a restarted one,
/// never log in again with credentials Share rejected (a login with them would count
/// toward Share's lockout).
///
/// `Codable` for the host's storage. It holds no password: the rejected credentials
/// are recorded as a salted SHA-256 fingerprint, only to tell whether the credentials
/// a client now holds are the rejected ones (the most recently rejected credentials
/// are kept). Descriptions show no value.
public struct DexcomShareLoginState: Sendable, Hashable, Codable, PHIRedacting {
    /// Share's code for the rejection (`AccountPasswordInvalid`, `SSO_…`), or `nil`.
    public private(set) var rejectionCode: String?
    /// The rejected credentials' fingerprint: `<salt hex>:<SHA-256 hex>`.
    var rejectedCredentials: String?
    /// When the credentials were rejected, in milliseconds since 1970.
    var rejectedAtMilliseconds: Int64?
    /// Logins wait until this instant, in milliseconds since 1970.
    var lockedUntilMilliseconds: Int64?

    /// No rejection, no cool-down.
    public init() {}

    /// Whether credentials were rejected and not yet replaced.
    public var hasRejection: Bool { rejectedCredentials != nil }

    /// When the current lockout cool-down ends, if there is one.
    public var lockedUntil: CGMInstant? { lockedUntilMilliseconds.map(CGMInstant.init(millisecondsSince1970:)) }

    /// When the credentials were rejected.
    public var rejectedAt: CGMInstant? { rejectedAtMilliseconds.map(CGMInstant.init(millisecondsSince1970:)) }

    /// Whether `credentials` are the ones that were rejected.
    func rejects(_ credentials: DexcomShareCredentials) -> Bool {
        guard let rejectedCredentials, let salt = CredentialFingerprint.salt(of: rejectedCredentials) else {
            return false
        }
        return Self.fingerprint(credentials, salt: salt) == rejectedCredentials
    }

    /// The state after Share rejected `credentials` at `now` (with `code`), and, for a
    /// lockout, with logins waiting until `lockedUntil` (a cool-down never shortens).
    func rejecting(
        _ credentials: DexcomShareCredentials, code: String?, at now: CGMInstant, salt: [UInt8],
        lockedUntil: CGMInstant?
    ) -> DexcomShareLoginState {
        var state = self
        state.rejectionCode = code
        state.rejectedCredentials = Self.fingerprint(credentials, salt: Hex.lowercase(salt))
        state.rejectedAtMilliseconds = now.millisecondsSince1970
        if let lockedUntil {
            state.lockedUntilMilliseconds = max(lockedUntilMilliseconds ?? Int64.min, lockedUntil.millisecondsSince1970)
        }
        return state
    }

    /// The state with the rejection lifted (the host supplied credentials again); a
    /// cool-down still runs to its end.
    func liftingRejection() -> DexcomShareLoginState {
        var state = self
        state.rejectionCode = nil
        state.rejectedCredentials = nil
        state.rejectedAtMilliseconds = nil
        return state
    }

    /// `<salt>:<SHA-256(salt, account, password)>`: the account is the name when
    /// given, else the id; a different password or account is different credentials.
    static func fingerprint(_ credentials: DexcomShareCredentials, salt: String) -> String {
        let account = credentials.accountName ?? credentials.accountID ?? ""
        return CredentialFingerprint.make(
            domain: "cgmkit.share.rejected.v1", salt: salt, parts: [account, credentials.password])
    }
}
