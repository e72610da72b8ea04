import CGMKit

/// An `HTTPTransport` that replays recorded exchanges in order and fails loudly on
/// any request the recording does not have.
///
/// ```swift
/// let transport = FixtureTransport(exchanges: fixture.exchanges,
///                                  matcher: RequestMatcher(ignoredQueryItems: ["sessionId"]))
/// … run the adapter …
/// try await transport.verifyAllUsed()
/// ```
public actor FixtureTransport: HTTPTransport {
    /// A request that did not match the next recorded exchange, or came after the last.
    public struct UnexpectedRequest: Error, CustomStringConvertible {
        /// What differed.
        public let description: String
    }

    private let exchanges: [ExchangeFixture.Exchange]
    private let matcher: RequestMatcher
    private var next = 0
    /// Every request received, in order.
    public private(set) var requests: [HTTPRequest] = []
    /// Every mismatch met, in order (a mismatch also throws to the adapter).
    public private(set) var failures: [String] = []

    /// Creates a transport that replays `exchanges`.
    public init(exchanges: [ExchangeFixture.Exchange], matcher: RequestMatcher = RequestMatcher()) {
        self.exchanges = exchanges
        self.matcher = matcher
    }

    /// Creates a transport that replays the exchanges of `fixture`.
    public init(fixture: ExchangeFixture, matcher: RequestMatcher = RequestMatcher()) {
        self.init(exchanges: fixture.exchanges, matcher: matcher)
    }

    /// Answers with the next recorded response if the request matches it.
    ///
    /// - Throws: `UnexpectedRequest` when no recorded exchange matches `request`, or the next one is used up.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        requests.append(request)
        guard next < exchanges.count else {
            let failure = "request \(requests.count) (\(request)) came after the last recorded exchange"
            failures.append(failure)
            throw UnexpectedRequest(description: failure)
        }
        let exchange = exchanges[next]
        if let mismatch = matcher.mismatch(recorded: exchange.request, actual: request) {
            let failure = "request \(requests.count) (\(request)) does not match exchange \(next): \(mismatch)"
            failures.append(failure)
            throw UnexpectedRequest(description: failure)
        }
        next += 1
        return exchange.response.httpResponse
    }

    /// How many recorded exchanges have not been used.
    public var unusedCount: Int { exchanges.count - next }

    /// Throws when a request mismatched or a recorded exchange was not used.
    ///
    /// - Throws: An error naming the first mismatched request, or how many exchanges were not used.
    public func verifyAllUsed() throws {
        if let failure = failures.first { throw UnexpectedRequest(description: failure) }
        guard next == exchanges.count else {
            throw UnexpectedRequest(description: "\(exchanges.count - next) recorded exchanges were not used")
        }
    }
}
