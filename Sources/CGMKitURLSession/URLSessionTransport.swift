import CGMKit
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// An `HTTPTransport` over a `URLSession` the host owns.
///
/// The host passes its session (CGMKit never reaches for a process-wide session), so it
/// controls timeouts, proxies, TLS policy and caching. Use an ephemeral
/// configuration for health data: nothing should be cached on disk.
///
/// ```swift
/// let session = URLSession(configuration: .ephemeral)
/// let transport = URLSessionTransport(session: session)
/// ```
public struct URLSessionTransport: HTTPTransport {
    private let session: URLSession

    /// Creates a transport over `session`.
    public init(session: URLSession) {
        self.session = session
    }

    /// Sends the request with the session and returns the whole response.
    ///
    /// - Throws: `CGMError` `transportFailed` (the session failed) or `unexpectedResponse` (not HTTP); `CancellationError` when cancelled.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let urlRequest = Self.makeURLRequest(from: request)
        let (data, response) = try await session.data(for: urlRequest)
        return try Self.makeResponse(data: data, urlResponse: response)
    }

    /// The `URLRequest` for a CGMKit request: method, URL, every header field in
    /// order, the body when non-empty, and no cookies or caching.
    public static func makeURLRequest(from request: HTTPRequest) -> URLRequest {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method.rawValue
        urlRequest.httpShouldHandleCookies = false
        urlRequest.cachePolicy = .reloadIgnoringLocalCacheData
        for field in request.headerFields {
            urlRequest.addValue(field.value, forHTTPHeaderField: field.name)
        }
        if !request.body.isEmpty {
            urlRequest.httpBody = Data(request.body)
        }
        return urlRequest
    }

    /// The CGMKit response for what the session returned. Throws
    /// `CGMError.Code.unexpectedResponse` when the response is not HTTP.
    ///
    /// - Throws: `CGMError` `unexpectedResponse` when the response is not HTTP.
    public static func makeResponse(data: Data, urlResponse: URLResponse) throws -> HTTPResponse {
        guard let http = urlResponse as? HTTPURLResponse else {
            throw CGMError(code: .unexpectedResponse, message: "the response is not an HTTP response")
        }
        var fields = HTTPFields()
        for (name, value) in http.allHeaderFields {
            guard let name = name as? String else { continue }
            fields.append(name: name, value: String(describing: value))
        }
        return HTTPResponse(statusCode: http.statusCode, headerFields: fields, body: [UInt8](data))
    }
}
