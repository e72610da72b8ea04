/// One structured event. See ``CGMLogSink``.
public struct CGMLogEvent: Sendable, Hashable, CustomStringConvertible {
    /// What happened. An open set; adapters add their own names as static members.
    public struct Name: Sendable, Hashable, CustomStringConvertible {
        /// The event's name, a fixed identifier such as `loginStarted`.
        public let rawValue: String

        /// A name written as a literal by an adapter.
        public init(_ rawValue: StaticString) {
            self.rawValue = rawValue.description
        }

        /// The name.
        public var description: String { rawValue }

        /// A login (or token exchange) request is being sent.
        public static let loginStarted = Name("loginStarted")
        /// A login succeeded.
        public static let loginSucceeded = Name("loginSucceeded")
        /// A login failed.
        public static let loginFailed = Name("loginFailed")
        /// The provider rejected a session or token; the adapter will renew it.
        public static let sessionExpired = Name("sessionExpired")
        /// A data request is being sent.
        public static let requestStarted = Name("requestStarted")
        /// A data request failed.
        public static let requestFailed = Name("requestFailed")
        /// A login was refused locally (credentials rejected earlier, or a cool-down).
        public static let loginSuppressed = Name("loginSuppressed")
        /// A failed request will be sent again after a wait; `count` is the attempt that failed.
        public static let retryScheduled = Name("retryScheduled")
        /// An access token is being refreshed.
        public static let tokenRefreshStarted = Name("tokenRefreshStarted")
        /// A refresh succeeded and the new tokens were stored.
        public static let tokenRefreshSucceeded = Name("tokenRefreshSucceeded")
        /// A refresh failed.
        public static let tokenRefreshFailed = Name("tokenRefreshFailed")
        /// One window of a range sync failed after its retries.
        public static let windowFailed = Name("windowFailed")
    }

    /// What happened.
    public let name: Name
    /// The adapter that emitted the event.
    public let provider: ProviderID
    /// The HTTP status involved, if any.
    public let httpStatus: Int?
    /// The vendor's error code, if it is an identifier (see ``CGMError/vendorCode``).
    public let vendorCode: String?
    /// A count (records received, attempt number), if meaningful.
    public let count: Int?

    /// Creates an event. A `vendorCode` that is not a plain identifier is dropped.
    public init(
        _ name: Name, provider: ProviderID, httpStatus: Int? = nil, vendorCode: String? = nil,
        count: Int? = nil
    ) {
        self.name = name
        self.provider = provider
        self.httpStatus = httpStatus
        self.vendorCode = CGMError(code: .unexpectedResponse, message: "", vendorCode: vendorCode).vendorCode
        self.count = count
    }

    /// `provider name key=value…`.
    public var description: String {
        var text = "\(provider) \(name)"
        if let httpStatus { text += " status=\(httpStatus)" }
        if let vendorCode { text += " code=\(vendorCode)" }
        if let count { text += " count=\(count)" }
        return text
    }
}
