/// Sends one request through a host's ``HTTPTransport``, retrying failures that may
/// pass, per a ``RetryPolicy``.
///
/// Which responses are worth retrying is the adapter's decision (`isRetryable`);
/// a transport error is always retried, and cancellation never is. Before each retry
/// the sender takes tokens from the ``RetryBudget`` and waits through the injected
/// ``CGMSleeper``: the server's `Retry-After` when it is within the policy's cap,
/// otherwise a full-jitter backoff drawn from the injected ``CGMRandomSource``.
///
/// It throws ``CGMError`` when it gives up:
/// - ``CGMError/Code/rateLimited`` for 429, ``CGMError/Code/serverUnavailable`` for
///   other retryable statuses, ``CGMError/Code/transportFailed`` for transport errors,
///   each with the attempt count in the message;
/// - at once, without sleeping, when `Retry-After` exceeds the cap, with the server's
///   delay in ``CGMError/retryAfterSeconds``.
///
/// A response that is not retryable is returned as is, success or not.
@_spi(AdapterSupport)
public struct RetryingSender: Sendable {
    /// The retry rules.
    public var policy: RetryPolicy
    /// Waits between attempts.
    public var sleeper: any CGMSleeper
    /// Draws the jitter.
    public var random: any CGMRandomSource
    /// Dates `Retry-After` HTTP-dates.
    public var clock: any CGMClock
    /// Limits retries across calls; `nil` for no limit.
    public var budget: RetryBudget?
    /// Receives `retryScheduled` events.
    public var logSink: (any CGMLogSink)?
    /// The adapter named in events.
    public var provider: ProviderID

    /// Creates a sender.
    public init(
        policy: RetryPolicy = RetryPolicy(), sleeper: any CGMSleeper = TaskSleeper(),
        random: any CGMRandomSource = SystemRandomSource(), clock: any CGMClock = SystemClock(),
        budget: RetryBudget? = nil, logSink: (any CGMLogSink)? = nil, provider: ProviderID
    ) {
        self.policy = policy
        self.sleeper = sleeper
        self.random = random
        self.clock = clock
        self.budget = budget
        self.logSink = logSink
        self.provider = provider
    }

    /// Sends `request`, retrying transport errors and responses for which `isRetryable` is true.
    ///
    /// - Throws: `CancellationError` when cancelled; otherwise a `CGMError` classifying the last failure once retries or the budget are used up.
    public func send(
        _ request: HTTPRequest, through transport: any HTTPTransport,
        isRetryable: (HTTPResponse) -> Bool
    ) async throws -> HTTPResponse {
        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            let failure: Failure
            do {
                let response = try await transport.send(request)
                guard isRetryable(response) else {
                    if response.isSuccess { await budget?.depositSuccess() }
                    return response
                }
                failure = .response(
                    response,
                    retryAfter: RetryAfter.delayMilliseconds(
                        response.headerFields.values(for: "Retry-After"), now: clock.now()))
            } catch let error as CancellationError {
                throw error
            } catch {
                if Task.isCancelled { throw CancellationError() }
                failure = .transport
            }
            if case .response(_, let retryAfter?) = failure, retryAfter > policy.maximumRetryAfterMilliseconds {
                throw failure.error(
                    attempts: attempt, retryAfter: retryAfter, reason: "asked to wait longer than the retry cap")
            }
            guard attempt < policy.maxAttempts else {
                throw failure.error(attempts: attempt, retryAfter: failure.retryAfter, reason: "gave up")
            }
            if let budget, await !budget.withdraw(afterTransportError: failure.isTransport) {
                throw failure.error(attempts: attempt, retryAfter: failure.retryAfter, reason: "retry budget spent")
            }
            let delay = failure.retryAfter ?? policy.backoffDelay(beforeRetry: attempt, random: random)
            logSink?.record(
                CGMLogEvent(.retryScheduled, provider: provider, httpStatus: failure.status, count: attempt))
            try await sleeper.sleep(milliseconds: delay)
        }
    }

    private enum Failure {
        case response(HTTPResponse, retryAfter: Int64?)
        /// The transport's error is not kept: it can quote the URL, query included.
        case transport

        var isTransport: Bool {
            if case .transport = self { return true }
            return false
        }

        var status: Int? {
            if case .response(let response, _) = self { return response.statusCode }
            return nil
        }

        var retryAfter: Int64? {
            if case .response(_, let retryAfter) = self { return retryAfter }
            return nil
        }

        func error(attempts: Int, retryAfter: Int64?, reason: String) -> CGMError {
            let count = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
            let seconds = retryAfter.map(RetryAfter.seconds(fromMilliseconds:))
            switch self {
            case .transport:
                return CGMError(code: .transportFailed, message: "the transport failed; \(reason) after \(count)")
            case .response(let response, _) where response.statusCode == 429:
                return CGMError(
                    code: .rateLimited, message: "the server asked to slow down; \(reason) after \(count)",
                    httpStatus: 429, retryAfterSeconds: seconds)
            case .response(let response, _):
                return CGMError(
                    code: .serverUnavailable, message: "the server failed; \(reason) after \(count)",
                    httpStatus: response.statusCode, retryAfterSeconds: seconds)
            }
        }
    }
}
