@_spi(AdapterSupport) import CGMKit

/// What LibreLinkUp logs in with: the **follower's** LibreLinkUp account (not the
/// patient's LibreView account), an e-mail address and a password.
///
/// Descriptions, `dump()` and Mirror walks never show the values.
public struct LibreLinkUpCredentials: Sendable, Hashable, PHIRedacting {
    /// The account's e-mail address.
    public let email: String
    /// The password.
    public let password: String

    /// Credentials.
    public init(email: String, password: String) {
        self.email = email
        self.password = password
    }
}
