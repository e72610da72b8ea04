@_spi(AdapterSupport) import CGMKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A Dexcom Share server and the application id it expects.
///
/// Accounts live in exactly one region, and a wrong region answers exactly like a
/// wrong password, so pick the region once (from the user) and keep it: the client
/// never tries another region by itself, because every try counts toward the lockout.
public struct DexcomShareRegion: Sendable, Hashable, CustomStringConvertible {
    /// A short name (`us`, `ous`, `jp`).
    public let name: String
    /// The server's host name.
    public let host: String
    /// The `applicationId` sent with every login.
    public var applicationID: String
    /// `https`, or `http` for a server on this machine (``init(name:origin:applicationID:)``).
    let scheme: String
    /// The port, when not the scheme's default.
    let port: Int?

    /// A region. Requests always use HTTPS.
    public init(name: String, host: String, applicationID: String) {
        self.name = name
        self.host = host
        self.applicationID = applicationID
        self.scheme = "https"
        self.port = nil
    }

    /// A region at a custom origin, for a proxy or a test server: `https://proxy.example`,
    /// or `http://127.0.0.1:8080` for a server on this machine.
    ///
    /// - Throws: `CGMError.Code.invalidArgument` unless `OriginPolicy` allows `origin`
    ///   (https, or http to loopback only) and it has no path: a password never travels in clear.
    public init(name: String, origin: URL, applicationID: String) throws {
        guard OriginPolicy.allowsCredentials(to: origin), let host = origin.host,
            origin.path.isEmpty || origin.path == "/",
            let scheme = origin.scheme?.lowercased()
        else {
            throw CGMError(code: .invalidArgument, message: "a Share origin must be https (http only to loopback)")
        }
        self.name = name
        self.host = host
        self.applicationID = applicationID
        self.scheme = scheme
        self.port = origin.port
    }

    /// United States: `share2.dexcom.com`.
    public static let us = DexcomShareRegion(
        name: "us", host: "share2.dexcom.com",
        applicationID: "d89443d2-327c-4a6f-89e5-496bbb0317db")
    /// Outside the US (Europe, Canada, Australia, …): `shareous1.dexcom.com`.
    public static let ous = DexcomShareRegion(
        name: "ous", host: "shareous1.dexcom.com",
        applicationID: "d89443d2-327c-4a6f-89e5-496bbb0317db")
    /// Japan and parts of Asia-Pacific: `share.dexcom.jp`.
    public static let jp = DexcomShareRegion(
        name: "jp", host: "share.dexcom.jp",
        applicationID: "d8665ade-9673-4e27-9ff6-92db4ce13d13")

    /// The built-in regions by name.
    public static let all: [DexcomShareRegion] = [.us, .ous, .jp]

    /// The region's name.
    public var description: String { name }
}
