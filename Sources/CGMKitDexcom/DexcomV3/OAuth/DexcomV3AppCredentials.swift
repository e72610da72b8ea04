@_spi(AdapterSupport) import CGMKit

/// What Dexcom issued to the app at registration: the client id and secret, and the
/// redirect URI exactly as registered. They belong on a server (Dexcom requires
/// tokens and the client secret to stay off mobile devices).
///
/// Descriptions, `dump()` and Mirror walks show none of the values.
public struct DexcomV3AppCredentials: Sendable, Hashable, PHIRedacting {
    /// The client id.
    public let clientID: String
    /// The client secret.
    public let clientSecret: String
    /// The redirect URI, byte for byte as registered with Dexcom. It is sent unchanged
    /// in the login URL and the code exchange, and callbacks must arrive at it.
    public let redirectURI: String

    /// Creates credentials.
    public init(clientID: String, clientSecret: String, redirectURI: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.redirectURI = redirectURI
    }
}
