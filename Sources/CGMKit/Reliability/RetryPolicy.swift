/// How many times, and how patiently, an adapter retries a request that failed for
/// a reason that may pass (HTTP 429, 5xx, a transport error).
///
/// Delays use capped exponential backoff with full jitter (AWS Architecture Blog,
/// "Exponential Backoff and Jitter"): before retry *n* (1-based) the wait is a
/// uniform random value in `0...min(maximumDelay, baseDelay × 2^(n-1))`. A server's
/// `Retry-After` replaces that wait when it is at most ``maximumRetryAfterMilliseconds``;
/// a longer one ends the call with ``CGMError/Code/rateLimited`` and the server's
/// delay in ``CGMError/retryAfterSeconds``, so the host decides when to come back.
public struct RetryPolicy: Sendable, Hashable {
    /// Requests sent per call, the first included (1 means no retry). At least 1.
    public var maxAttempts: Int
    /// The backoff ceiling before the first retry, in milliseconds.
    public var baseDelayMilliseconds: Int64
    /// The largest backoff ceiling, in milliseconds.
    public var maximumDelayMilliseconds: Int64
    /// The longest `Retry-After` the call waits for itself, in milliseconds.
    public var maximumRetryAfterMilliseconds: Int64

    /// Creates a policy. Defaults: 3 attempts, base 1 s, cap 30 s, `Retry-After` up to 60 s.
    /// Values below their minimum (1 attempt, 0 ms) are raised to it.
    public init(
        maxAttempts: Int = 3, baseDelayMilliseconds: Int64 = 1_000, maximumDelayMilliseconds: Int64 = 30_000,
        maximumRetryAfterMilliseconds: Int64 = 60_000
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelayMilliseconds = max(0, baseDelayMilliseconds)
        self.maximumDelayMilliseconds = max(0, maximumDelayMilliseconds)
        self.maximumRetryAfterMilliseconds = max(0, maximumRetryAfterMilliseconds)
    }

    /// A policy that never retries.
    public static let noRetries = RetryPolicy(maxAttempts: 1)

    /// The jitter ceiling before retry `retry` (1-based): `min(cap, base × 2^(retry-1))`.
    public func backoffCeiling(beforeRetry retry: Int) -> Int64 {
        let exponent = max(0, retry - 1)
        guard exponent < 62 else { return maximumDelayMilliseconds }
        let (scaled, overflow) = baseDelayMilliseconds.multipliedReportingOverflow(by: Int64(1) << Int64(exponent))
        return overflow ? maximumDelayMilliseconds : min(maximumDelayMilliseconds, scaled)
    }

    /// A full-jitter delay before retry `retry` (1-based), drawn from `random`.
    public func backoffDelay(beforeRetry retry: Int, random: any CGMRandomSource) -> Int64 {
        random.uniform(upTo: backoffCeiling(beforeRetry: retry))
    }
}
