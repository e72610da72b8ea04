/// One thing a sync could not fetch. Holds a typed error and, when known, the span
/// of time it concerns; never a glucose value, token or account id.
public struct CGMSyncFailure: Sendable, PHIRedacting {
    /// Why (``CGMError/code`` to branch on: `reauthorizationRequired`,
    /// `credentialsRejected`, `accountLocked`, `rateLimited`, `serverUnavailable`, …).
    public let error: CGMError
    /// The span of system time not fetched, when the failure concerns one.
    public let range: DataRange.Span?

    /// Creates a failure.
    public init(error: CGMError, range: DataRange.Span? = nil) {
        self.error = error
        self.range = range
    }

    /// Any error as a failure; cancellation becomes ``CGMError/Code/cancelled``.
    public init(_ error: any Error, range: DataRange.Span? = nil) {
        if let error = error as? CGMError {
            self.init(error: error, range: range)
        } else if error is CancellationError {
            self.init(error: CGMError(code: .cancelled, message: "the sync was cancelled"), range: range)
        } else {
            self.init(error: CGMError(code: .unexpectedResponse, message: "the fetch failed"), range: range)
        }
    }
}
