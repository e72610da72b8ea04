@_spi(AdapterSupport) import CGMKit

/// What LibreLinkUp said about one account's logins that must outlive a client: a
/// credential rejection (status 2) and a lockout cool-down (status 429). Kept in the
/// host's ``LibreLinkUpLoginStateStore`` so that two server instances, or a restarted one,
/// never log in again with credentials LibreLinkUp rejected: every failed login counts
/// toward Abbott's lockout (3 failures in 60 s lock the account for 300 s; fact sheet
/// `librelinkup.md` §1.13).
///
/// It also holds a short login lease: while one client logs in, the others make no login,
/// so a fleet starting together with a wrong password makes one failed login, not one
/// each.
///
/// `Codable` for the host's storage (fields added later are optional, so states stored
/// earlier decode unchanged). It holds no password: the rejected credentials are
/// recorded as a salted SHA-256 fingerprint, only to tell whether the credentials a
/// client now holds are the rejected ones. Descriptions show no value.
public struct LibreLinkUpLoginState: Sendable, Hashable, Codable, PHIRedacting {
    /// LibreLinkUp's status for the rejection (`2` or `429`), or `nil`.
    public private(set) var rejectionStatus: Int?
    /// The rejected credentials' fingerprint: `<salt hex>:<SHA-256 hex>`.
    var rejectedCredentials: String?
    /// When the credentials were rejected, in milliseconds since 1970.
    var rejectedAtMilliseconds: Int64?
    /// Logins wait until this instant, in milliseconds since 1970.
    var lockedUntilMilliseconds: Int64?
    /// A client is logging in until at most this instant (milliseconds since 1970): the
    /// others make no login. Optional in the `Codable` form, so states stored before the
    /// lease existed decode unchanged.
    var loginLeaseUntilMilliseconds: Int64?

    /// No rejection, no cool-down.
    public init() {}

    /// Whether credentials were rejected and not yet replaced: `false` again once the host
    /// supplied credentials and a login succeeded.
    public var hasRejection: Bool { rejectedCredentials != nil }

    /// When the current lockout cool-down ends, if there is one.
    public var lockedUntil: CGMInstant? { lockedUntilMilliseconds.map(CGMInstant.init(millisecondsSince1970:)) }

    /// Until when another client's login lease holds, if one was taken.
    public var loginLeaseUntil: CGMInstant? {
        loginLeaseUntilMilliseconds.map(CGMInstant.init(millisecondsSince1970:))
    }

    /// The state without the lease that ends at `lease` (another client's lease is kept).
    func releasingLease(_ lease: Int64?) -> LibreLinkUpLoginState {
        guard let lease, loginLeaseUntilMilliseconds == lease else { return self }
        var state = self
        state.loginLeaseUntilMilliseconds = nil
        return state
    }

    /// When the credentials were rejected.
    public var rejectedAt: CGMInstant? { rejectedAtMilliseconds.map(CGMInstant.init(millisecondsSince1970:)) }

    /// Whether `credentials` are the ones that were rejected. A state stored before the
    /// e-mail was lower-cased in the fingerprint still matches its exact e-mail (the
    /// second comparison), so stored states keep working.
    func rejects(_ credentials: LibreLinkUpCredentials) -> Bool {
        guard let rejectedCredentials, let salt = CredentialFingerprint.salt(of: rejectedCredentials) else {
            return false
        }
        return Self.fingerprint(credentials, salt: salt) == rejectedCredentials
            || Self.fingerprint(credentials, salt: salt, email: credentials.email) == rejectedCredentials
    }

    /// The state after LibreLinkUp rejected `credentials` at `now` (with `status`), and,
    /// for a lockout, with logins waiting until `lockedUntil` (a cool-down never shortens).
    func rejecting(
        _ credentials: LibreLinkUpCredentials, status: Int, at now: CGMInstant, salt: [UInt8],
        lockedUntil: CGMInstant?
    ) -> LibreLinkUpLoginState {
        var state = self
        state.rejectionStatus = status
        state.rejectedCredentials = Self.fingerprint(credentials, salt: Hex.lowercase(salt))
        state.rejectedAtMilliseconds = now.millisecondsSince1970
        if let lockedUntil {
            state.lockedUntilMilliseconds = max(lockedUntilMilliseconds ?? Int64.min, lockedUntil.millisecondsSince1970)
        }
        return state
    }

    /// The state with the rejection lifted (the host supplied credentials again); a
    /// cool-down still runs to its end.
    func liftingRejection() -> LibreLinkUpLoginState {
        var state = self
        state.rejectionStatus = nil
        state.rejectedCredentials = nil
        state.rejectedAtMilliseconds = nil
        return state
    }

    /// `<salt>:<SHA-256(domain, salt, e-mail, password)>`. The e-mail is lower-cased:
    /// Abbott keys LibreLinkUp accounts (and their lockout, fact sheet §1.13) by e-mail
    /// address, case-insensitively, so `Ann@x.org` and `ann@x.org` are one account and a
    /// rejection of one must hold for the other. (An e-mail that was lower-case already
    /// gives the same fingerprint as before this rule.)
    static func fingerprint(
        _ credentials: LibreLinkUpCredentials, salt: String, email: String? = nil
    ) -> String {
        CredentialFingerprint.make(
            domain: "cgmkit.librelinkup.rejected.v1", salt: salt,
            parts: [email ?? credentials.email.lowercased(), credentials.password])
    }
}
