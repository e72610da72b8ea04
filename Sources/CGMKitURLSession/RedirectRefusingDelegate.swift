import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A `URLSession` delegate that refuses every HTTP redirect, so the 3xx response
/// itself reaches CGMKit. Adapters treat a redirect as an error: following one could
/// re-send a password or a client secret to another host (RFC 9700 §4.12).
public final class RedirectRefusingDelegate: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    /// Creates the delegate. It holds no state.
    override public init() {}

    /// Refuses the redirect: the completion handler gets `nil`.
    public func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}

extension URLSessionTransport {
    /// A session fit for health data: ephemeral (no disk cache, no cookie store on
    /// disk) and refusing redirects. The caller owns it and should invalidate it when done.
    public static func makeEphemeralSession() -> URLSession {
        URLSession(configuration: .ephemeral, delegate: RedirectRefusingDelegate(), delegateQueue: nil)
    }
}
