@_spi(AdapterSupport) import CGMKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A Dexcom Web API v3 server. Credentials (client id and secret) are issued per
/// server, and an account lives on exactly one of the production servers.
public struct DexcomV3Environment: Sendable, Hashable, CustomStringConvertible {
    /// A short name: `us`, `eu`, `jp`, `sandbox`, or a custom name.
    public let name: String
    /// The HTTPS origin, for example `https://api.dexcom.com`.
    public let baseURL: URL

    /// The United States: `https://api.dexcom.com`.
    public static let us = DexcomV3Environment(unchecked: "us", host: "api.dexcom.com")
    /// Europe and the rest of the world outside the US and Japan: `https://api.dexcom.eu`.
    public static let eu = DexcomV3Environment(unchecked: "eu", host: "api.dexcom.eu")
    /// Japan: `https://api.dexcom.jp`.
    public static let jp = DexcomV3Environment(unchecked: "jp", host: "api.dexcom.jp")
    /// Dexcom's sandbox with simulated users: `https://sandbox-api.dexcom.com`.
    public static let sandbox = DexcomV3Environment(unchecked: "sandbox", host: "sandbox-api.dexcom.com")

    /// The four environments Dexcom publishes.
    public static let all: [DexcomV3Environment] = [.us, .eu, .jp, .sandbox]

    /// The environment called `name` (`us`, `eu`, `jp`, `sandbox`), or `nil`.
    public init?(named name: String) {
        guard let known = Self.all.first(where: { $0.name == name }) else { return nil }
        self = known
    }

    /// A custom origin, for a proxy or a test server: `https://proxy.example`, or
    /// `http://127.0.0.1:8080` for a server on this machine.
    ///
    /// - Throws: `CGMError.Code.invalidArgument` unless `OriginPolicy` allows `baseURL`
    ///   (https, or http to loopback only) and it has no path: tokens and the client
    ///   secret never travel in clear.
    public init(name: String, baseURL: URL) throws {
        guard OriginPolicy.allowsCredentials(to: baseURL), baseURL.path.isEmpty || baseURL.path == "/" else {
            throw CGMError(
                code: .invalidArgument, message: "a Dexcom v3 base URL must be an https origin (http only to loopback)")
        }
        self.name = name
        self.baseURL = baseURL
    }

    private init(unchecked name: String, host: String) {
        self.name = name
        var components = URLComponents()
        components.scheme = "https"
        components.host = host
        self.baseURL = components.url ?? URL(fileURLWithPath: "/")
    }

    /// The login page users are sent to (`/v2/oauth2/login`, as Dexcom's authentication guide shows).
    var authorizationURL: URL { baseURL.appending(path: "/v2/oauth2/login") }
    /// The token endpoint (`/v2/oauth2/token`).
    var tokenURL: URL { baseURL.appending(path: "/v2/oauth2/token") }

    /// The name.
    public var description: String { name }
}
