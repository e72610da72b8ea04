@_spi(AdapterSupport) import CGMKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The address of a Nightscout site: `https://my-site.example` or a site under a
/// path (`https://example.org/ns`). Plain `http` is accepted only for the machine
/// itself (`OriginPolicy`: `localhost`, `127.0.0.0/8`, `::1`), since a secret or token
/// crosses the wire with every request. A site address names a person as surely as a name
/// does, so it never appears in an error message or description.
public struct NightscoutSite: Sendable, Hashable, PHIRedacting {
    /// The base URL, without a trailing slash.
    public let baseURL: URL

    /// Creates a site.
    ///
    /// - Throws: `CGMError.Code.invalidArgument` for a URL that `OriginPolicy` refuses:
    ///   not https (or http to this machine), no host, a user, a query or a fragment.
    public init(_ url: URL) throws {
        guard OriginPolicy.allowsCredentials(to: url) else {
            throw CGMError(
                code: .invalidArgument,
                message: "a Nightscout site must be an https URL with a host and no query, user or fragment")
        }
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        guard let base = URL(string: text) else {
            throw CGMError(code: .invalidArgument, message: "the Nightscout site URL cannot be rebuilt")
        }
        self.baseURL = base
    }

    /// `baseURL` + `path` + the query, with `[`, `]` and `$` percent-encoded.
    func url(path: String, query: [(String, String)]) -> URL? {
        let encoded = query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return URL(string: baseURL.absoluteString + path + (encoded.isEmpty ? "" : "?" + encoded))
    }

    /// Percent-encodes everything but unreserved characters (RFC 3986).
    static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = Array("0123456789ABCDEF")
                result += "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
            }
        }
        return result
    }
}
