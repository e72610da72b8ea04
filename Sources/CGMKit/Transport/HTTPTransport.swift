/// Sends HTTP requests for CGMKit: the host brings its own networking.
///
/// CGMKit never opens connections itself. Adapters build an ``HTTPRequest`` and
/// hand it to the transport the host injected: `URLSessionTransport` from
/// `CGMKitURLSession`, an AsyncHTTPClient wrapper on a server, or a fixture
/// transport in tests.
///
/// ## Implement a transport
///
/// A transport sends one request and returns the whole response. It throws only
/// when no response arrived (DNS, TLS, timeout, cancellation); an HTTP error status
/// is a response, not a throw.
///
/// ## A test double
///
/// ```swift
/// struct TestTransport: HTTPTransport {
///     var body: [UInt8]
///     func send(_ request: HTTPRequest) async throws -> HTTPResponse {
///         HTTPResponse(statusCode: 200, body: body)
///     }
/// }
/// ```
///
/// For one-off doubles, ``ClosureTransport`` wraps a closure.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
