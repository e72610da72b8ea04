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

    /// A region. Requests always use HTTPS.
    public init(name: String, host: String, applicationID: String) {
        self.name = name
        self.host = host
        self.applicationID = applicationID
    }

    /// United States: `share2.dexcom.com`.
    public static let us = DexcomShareRegion(name: "us", host: "share2.dexcom.com",
                                             applicationID: "d89443d2-327c-4a6f-89e5-496bbb0317db")
    /// Outside the US (Europe, Canada, Australia, …): `shareous1.dexcom.com`.
    public static let ous = DexcomShareRegion(name: "ous", host: "shareous1.dexcom.com",
                                              applicationID: "d89443d2-327c-4a6f-89e5-496bbb0317db")
    /// Japan and parts of Asia-Pacific: `share.dexcom.jp`.
    public static let jp = DexcomShareRegion(name: "jp", host: "share.dexcom.jp",
                                             applicationID: "d8665ade-9673-4e27-9ff6-92db4ce13d13")

    /// The built-in regions by name.
    public static let all: [DexcomShareRegion] = [.us, .ous, .jp]

    /// The region's name.
    public var description: String { name }
}
