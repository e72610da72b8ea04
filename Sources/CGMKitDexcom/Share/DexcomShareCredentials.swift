@_spi(AdapterSupport) import CGMKit

/// What Dexcom Share logs in with: the **publisher's** account (the person wearing the
/// sensor, not a follower), by account name or by the account id a previous login
/// returned, and the password.
///
/// Descriptions, `dump()` and Mirror walks never show the values.
public struct DexcomShareCredentials: Sendable, Hashable, PHIRedacting {
    /// The account name: a user name, an e-mail address, or `+<country><number>`.
    public let accountName: String?
    /// The account id (a UUID), when the host has one saved from an earlier login.
    public let accountID: String?
    /// The password.
    public let password: String

    /// Credentials by account name.
    public init(accountName: String, password: String) {
        self.accountName = accountName
        self.accountID = nil
        self.password = password
    }

    /// Credentials by account id (skips the account-name step of the login).
    public init(accountID: String, password: String) {
        self.accountName = nil
        self.accountID = accountID
        self.password = password
    }

    /// Credentials with both (the account id is used first).
    public init(accountName: String?, accountID: String?, password: String) {
        self.accountName = accountName
        self.accountID = accountID
        self.password = password
    }
}
