/// An HTTP response the host's ``HTTPTransport`` returns.
///
/// Descriptions show the status only: bodies carry health data and session ids.
public struct HTTPResponse: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The status code, for example 200.
    public var statusCode: Int
    /// The header fields.
    public var headerFields: HTTPFields
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a response.
    public init(statusCode: Int, headerFields: HTTPFields = [:], body: [UInt8] = []) {
        self.statusCode = statusCode
        self.headerFields = headerFields
        self.body = body
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200...299).contains(statusCode) }

    /// `"HTTP 200"`.
    public var description: String { "HTTP \(statusCode)" }
    /// ``description`` wrapped as `HTTPResponse(HTTP 200)`: the status only.
    public var debugDescription: String { "HTTPResponse(\(description))" }
    /// Status only.
    public var customMirror: Mirror {
        Mirror(self, children: ["statusCode": statusCode], displayStyle: .struct)
    }
}
