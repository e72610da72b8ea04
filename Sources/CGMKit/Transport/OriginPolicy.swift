#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where a client may send credentials: the one rule every CGMKit client applies to a
/// server address a host configures (a proxy, a self-hosted site, a test server).
///
/// - `https` with a host: allowed.
/// - `http` only to this machine's loopback interface: `localhost`, any address in
///   `127.0.0.0/8` (RFC 1122 §3.2.1.3, RFC 5735 §3), or `::1` (RFC 4291 §2.5.3). Traffic to
///   loopback never leaves the machine, so a local test server or a sidecar proxy needs no
///   TLS; anything else would put tokens, passwords and glucose data on the wire in clear.
/// - No user or password in the URL (they would end up in logs), no query, no fragment.
public enum OriginPolicy {
    /// Whether `url` is an address a client may send credentials to, by the rules above.
    public static func allowsCredentials(to url: URL) -> Bool {
        guard let host = url.host, !host.isEmpty, url.user == nil, url.password == nil,
            url.query == nil, url.fragment == nil
        else {
            return false
        }
        switch url.scheme?.lowercased() {
        case "https": return true
        case "http": return isLoopback(host: host)
        default: return false
        }
    }

    /// Whether `host` names this machine's loopback interface: `localhost`, a dotted-quad
    /// IPv4 address whose first octet is 127, or `::1` (with or without brackets).
    /// Names that merely start with `127.` (`127.0.0.1.example.com`) are not loopback.
    public static func isLoopback(host: String) -> Bool {
        let name = host.lowercased()
        if name == "localhost" || name == "::1" || name == "[::1]" { return true }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets[0] == "127" else { return false }
        return octets.allSatisfy { octet in
            !octet.isEmpty && octet.count <= 3 && octet.allSatisfy(\.isASCII) && octet.allSatisfy(\.isNumber)
                && (Int(octet) ?? 256) <= 255
        }
    }
}
