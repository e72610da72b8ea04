/// A per-client token bucket that limits retries, so one failing account cannot
/// spend an app-wide rate limit (Dexcom allows 60,000 calls per app per hour).
///
/// Each retry costs ``Configuration/retryCost`` tokens (``Configuration/transportErrorCost``
/// after a transport error, which may be a timeout); each success returns
/// ``Configuration/successRefill``, up to the capacity. When the bucket cannot pay
/// for a retry the call fails with its last error instead of retrying. The shape
/// follows the AWS SDK retry quota (500 tokens, cost 5, timeout cost 10).
public actor RetryBudget {
    /// The bucket's sizes.
    public struct Configuration: Sendable, Hashable {
        /// Tokens in a full bucket.
        public var capacity: Int
        /// Tokens one retry after an HTTP failure costs.
        public var retryCost: Int
        /// Tokens one retry after a transport error costs.
        public var transportErrorCost: Int
        /// Tokens a successful request returns.
        public var successRefill: Int

        /// Creates a configuration. Defaults: 500, 5, 10, 1.
        public init(capacity: Int = 500, retryCost: Int = 5, transportErrorCost: Int = 10, successRefill: Int = 1) {
            self.capacity = max(0, capacity)
            self.retryCost = max(0, retryCost)
            self.transportErrorCost = max(0, transportErrorCost)
            self.successRefill = max(0, successRefill)
        }
    }

    /// The sizes.
    public let configuration: Configuration
    /// Tokens left.
    public private(set) var available: Int

    /// A full bucket.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.available = configuration.capacity
    }

    /// Takes the cost of one retry; `false` (and nothing taken) when the bucket cannot pay.
    public func withdraw(afterTransportError: Bool) -> Bool {
        let cost = afterTransportError ? configuration.transportErrorCost : configuration.retryCost
        guard available >= cost else { return false }
        available -= cost
        return true
    }

    /// Returns tokens after a success.
    public func depositSuccess() {
        available = min(configuration.capacity, available + configuration.successRefill)
    }
}
