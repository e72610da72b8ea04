#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An HTTP request an adapter asks the host's ``HTTPTransport`` to send.
///
/// Descriptions show the method and the URL path only: queries, headers and bodies
/// can carry tokens, passwords and session ids.
public struct HTTPRequest: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// An HTTP method. An open set with the common members.
    public struct Method: Sendable, Hashable, CustomStringConvertible {
        /// The method token, for example `GET`.
        public let rawValue: String

        /// A method token: one or more uppercase letters. Returns `nil` otherwise.
        public init?(_ rawValue: String) {
            guard !rawValue.isEmpty, rawValue.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) else { return nil }
            self.rawValue = rawValue
        }

        private init(unchecked rawValue: String) {
            self.rawValue = rawValue
        }

        /// `GET`.
        public static let get = Method(unchecked: "GET")
        /// `POST`.
        public static let post = Method(unchecked: "POST")
        /// `PUT`.
        public static let put = Method(unchecked: "PUT")
        /// `DELETE`.
        public static let delete = Method(unchecked: "DELETE")

        /// The token.
        public var description: String { rawValue }
    }

    /// The method.
    public var method: Method
    /// The absolute URL, query included.
    public var url: URL
    /// The header fields.
    public var headerFields: HTTPFields
    /// The body bytes; empty for none.
    public var body: [UInt8]

    /// Creates a request.
    public init(method: Method, url: URL, headerFields: HTTPFields = [:], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headerFields = headerFields
        self.body = body
    }

    /// `"GET /v3/users/self/egvs"`: never the query, headers or body.
    public var description: String { "\(method) \(url.path)" }
    /// ``description`` wrapped as `HTTPRequest(GET /path)`: never the query, headers or body.
    public var debugDescription: String { "HTTPRequest(\(description))" }
    /// Method and path only.
    public var customMirror: Mirror {
        Mirror(self, children: ["method": method.rawValue, "path": url.path], displayStyle: .struct)
    }
}
