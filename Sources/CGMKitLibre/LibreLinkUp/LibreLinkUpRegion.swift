@_spi(AdapterSupport) import CGMKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A LibreLinkUp regional server (fact sheet `librelinkup.md` §1.1). An open set: the
/// built-in regions are static members, ``named(_:)`` builds one from the code a
/// `redirect` answer names, and ``init(name:origin:)`` points at a proxy or test server.
///
/// Accounts live in one region. A login on another region's server answers with a
/// `redirect` naming the right one; the client follows it once (SPEC §8) and never tries
/// a region by itself.
public struct LibreLinkUpRegion: Sendable, Hashable, CustomStringConvertible {
    /// The region code as the server spells it (`eu`, `eu2`, `us`, …; `global` for the
    /// un-prefixed host).
    public let name: String
    /// The server's host name.
    public let host: String
    /// `https`, or `http` for a server on this machine.
    let scheme: String
    /// The port, when not the scheme's default.
    let port: Int?

    /// A region on `host`, over HTTPS.
    public init(name: String, host: String) {
        self.name = name
        self.host = host
        self.scheme = "https"
        self.port = nil
    }

    /// A region at a custom origin: `https://proxy.example`, or `http://127.0.0.1:8080`
    /// for a server on this machine (the sandbox).
    ///
    /// - Throws: `CGMError.Code.invalidArgument` unless `OriginPolicy` allows `origin`
    ///   (https, or http to loopback only) and it has no path: a password never travels in clear.
    public init(name: String, origin: URL) throws {
        guard OriginPolicy.allowsCredentials(to: origin), let host = origin.host,
            origin.path.isEmpty || origin.path == "/", let scheme = origin.scheme?.lowercased()
        else {
            throw CGMError(
                code: .invalidArgument, message: "a LibreLinkUp origin must be https (http only to loopback)")
        }
        self.name = name
        self.host = host
        self.scheme = scheme
        self.port = origin.port
    }

    /// `api.libreview.io`: answers a login with the account's region as a redirect.
    public static let global = LibreLinkUpRegion(name: "global", host: "api.libreview.io")
    /// United States: `api-us.libreview.io`.
    public static let us = LibreLinkUpRegion(name: "us", host: "api-us.libreview.io")
    /// Europe: `api-eu.libreview.io`.
    public static let eu = LibreLinkUpRegion(name: "eu", host: "api-eu.libreview.io")
    /// Great Britain and Ireland: `api-eu2.libreview.io`.
    public static let eu2 = LibreLinkUpRegion(name: "eu2", host: "api-eu2.libreview.io")
    /// Germany: `api-de.libreview.io`.
    public static let de = LibreLinkUpRegion(name: "de", host: "api-de.libreview.io")
    /// France: `api-fr.libreview.io`.
    public static let fr = LibreLinkUpRegion(name: "fr", host: "api-fr.libreview.io")
    /// Japan: `api-jp.libreview.io`.
    public static let jp = LibreLinkUpRegion(name: "jp", host: "api-jp.libreview.io")
    /// Asia/Pacific: `api-ap.libreview.io`.
    public static let ap = LibreLinkUpRegion(name: "ap", host: "api-ap.libreview.io")
    /// Australia: `api-au.libreview.io`.
    public static let au = LibreLinkUpRegion(name: "au", host: "api-au.libreview.io")
    /// United Arab Emirates: `api-ae.libreview.io`.
    public static let ae = LibreLinkUpRegion(name: "ae", host: "api-ae.libreview.io")
    /// Canada: `api-ca.libreview.io`.
    public static let ca = LibreLinkUpRegion(name: "ca", host: "api-ca.libreview.io")
    /// Latin America: `api-la.libreview.io`.
    public static let la = LibreLinkUpRegion(name: "la", host: "api-la.libreview.io")
    /// Russia: `api.libreview.ru` (another domain).
    public static let ru = LibreLinkUpRegion(name: "ru", host: "api.libreview.ru")
    /// China: `api-cn.myfreestyle.cn` (another domain).
    public static let cn = LibreLinkUpRegion(name: "cn", host: "api-cn.myfreestyle.cn")

    /// The built-in regions.
    public static let all: [LibreLinkUpRegion] = [
        .global, .us, .eu, .eu2, .de, .fr, .jp, .ap, .au, .ae, .ca, .la, .ru, .cn,
    ]

    /// The region a code names: a built-in one (any case), else `api-<code>.libreview.io`
    /// for a code of 1–8 ASCII letters and digits (Abbott adds regions without notice).
    /// `nil` for anything else.
    public static func named(_ code: String) -> LibreLinkUpRegion? {
        let lower = code.lowercased()
        if let known = all.first(where: { $0.name == lower }) { return known }
        guard (1...8).contains(lower.utf8.count),
            lower.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) })
        else { return nil }
        return LibreLinkUpRegion(name: lower, host: "api-\(lower).libreview.io")
    }

    /// The region a redirect names, at this region's origin when it is a custom one
    /// (a proxy or the sandbox serves every region on one origin).
    func redirected(to code: String) -> LibreLinkUpRegion? {
        guard var region = Self.named(code) else { return nil }
        if scheme != "https" || port != nil || !Self.all.contains(where: { $0.host == host }) {
            region = LibreLinkUpRegion(name: region.name, host: host, scheme: scheme, port: port)
        }
        return region
    }

    private init(name: String, host: String, scheme: String, port: Int?) {
        self.name = name
        self.host = host
        self.scheme = scheme
        self.port = port
    }

    /// The region's code.
    public var description: String { name }
}
