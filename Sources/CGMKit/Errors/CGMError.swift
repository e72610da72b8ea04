/// The error every CGMKit API throws: a code to branch on, a fixed message, and
/// the underlying cause.
///
/// Messages are chosen by the library and never contain glucose values,
/// timestamps, tokens, passwords, session or account ids. `description`, `dump()`
/// and Mirror walks show only the code and the message; the ``cause`` is there for
/// programmatic inspection and is not printed.
public struct CGMError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The kind of failure. An open set: new codes may be added in minor versions.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case notAPayload, unsupportedPayloadVersion, vendorErrorBody, limitExceeded
            case invalidArgument, transportFailed, unexpectedResponse
            case credentialsRejected, accountLocked, sessionRejected, serverUnavailable, rateLimited
            case authorizationStateInvalid, authorizationDenied, reauthorizationRequired, unauthorized
            case tokenPersistenceFailed, refreshOutcomeUnknown, cancelled
        }
        private let kind: Kind

        /// The bytes are not a payload of the provider (not JSON, wrong shape, …).
        public static let notAPayload = Code(kind: .notAPayload)
        /// A payload of a vendor API version this adapter does not read (e.g. Dexcom v2).
        public static let unsupportedPayloadVersion = Code(kind: .unsupportedPayloadVersion)
        /// The payload is the vendor's error response, not data.
        public static let vendorErrorBody = Code(kind: .vendorErrorBody)
        /// A size, depth or count limit was exceeded.
        public static let limitExceeded = Code(kind: .limitExceeded)
        /// An argument the caller passed is not acceptable.
        public static let invalidArgument = Code(kind: .invalidArgument)
        /// The host's transport threw.
        public static let transportFailed = Code(kind: .transportFailed)
        /// The server answered in a way the adapter cannot use.
        public static let unexpectedResponse = Code(kind: .unexpectedResponse)
        /// The provider rejected the credentials (or the account is in another region).
        /// The adapter makes no further login until the host supplies new credentials.
        public static let credentialsRejected = Code(kind: .credentialsRejected)
        /// The provider locked the account after too many attempts; logins wait out a cool-down.
        public static let accountLocked = Code(kind: .accountLocked)
        /// The provider kept rejecting the session after the one allowed re-login.
        public static let sessionRejected = Code(kind: .sessionRejected)
        /// The server failed without a usable answer (5xx without a vendor code, HTML, empty body).
        public static let serverUnavailable = Code(kind: .serverUnavailable)
        /// The server asked the client to slow down (HTTP 429). See ``CGMError/retryAfterSeconds``.
        public static let rateLimited = Code(kind: .rateLimited)
        /// An OAuth callback failed its `state` check (missing, mismatched, expired or
        /// already used) or is malformed. Nothing was sent to the token endpoint.
        public static let authorizationStateInvalid = Code(kind: .authorizationStateInvalid)
        /// The user (or the provider) declined the authorization (`error=access_denied`, …).
        public static let authorizationDenied = Code(kind: .authorizationDenied)
        /// The grant is gone (`invalid_grant`, or no refresh token): the user must
        /// authorize again. The adapter makes no further refresh attempt with it.
        public static let reauthorizationRequired = Code(kind: .reauthorizationRequired)
        /// The provider kept rejecting the access token (HTTP 401 after one refresh, or 403).
        public static let unauthorized = Code(kind: .unauthorized)
        /// The host's token store (or login-state store) failed; new tokens were not
        /// used, since they would be lost if the provider rotated the refresh token,
        /// and no login is made without the stored login state.
        public static let tokenPersistenceFailed = Code(kind: .tokenPersistenceFailed)
        /// A token refresh was sent but no answer came back: the provider may have
        /// rotated the refresh token. The next call re-reads the store and tries again.
        public static let refreshOutcomeUnknown = Code(kind: .refreshOutcomeUnknown)
        /// The caller's task was cancelled; nothing more was sent.
        public static let cancelled = Code(kind: .cancelled)

        /// The code's name, for example `"notAPayload"`. Safe for metric labels.
        public var description: String { kind.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// A fixed explanation, free of health data and secrets.
    public let message: String
    /// The error that caused this one, if any. Not included in descriptions.
    public let cause: (any Error & Sendable)?
    /// The vendor's own error code when it is an identifier (letters, digits and `_`, at
    /// most 64), for example Dexcom Share's `AccountPasswordInvalid`. Anything else the
    /// vendor sent, such as its message text, is never kept: it can echo session ids.
    public let vendorCode: String?
    /// The HTTP status of the response that failed, when there was one.
    public let httpStatus: Int?
    /// How long the server asked the client to wait (its `Retry-After`), when it did.
    public let retryAfterSeconds: Int?

    /// Creates an error. A `vendorCode` that is not a plain identifier is dropped.
    public init(
        code: Code, message: String, cause: (any Error & Sendable)? = nil, vendorCode: String? = nil,
        httpStatus: Int? = nil, retryAfterSeconds: Int? = nil
    ) {
        self.code = code
        self.message = message
        self.cause = cause
        self.vendorCode = vendorCode.flatMap(Self.identifier)
        self.httpStatus = httpStatus
        self.retryAfterSeconds = retryAfterSeconds
    }

    private static func identifier(_ text: String) -> String? {
        let bytes = text.utf8
        guard (1...64).contains(bytes.count),
            bytes.allSatisfy({
                (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x5F
            })
        else { return nil }
        return text
    }

    /// `"<code>: <message>"`, then the vendor code, HTTP status and retry delay when known.
    public var description: String {
        var text = "\(code): \(message)"
        if let vendorCode { text += " [\(vendorCode)]" }
        if let httpStatus { text += " (HTTP \(httpStatus))" }
        if let retryAfterSeconds { text += " retry after \(retryAfterSeconds) s" }
        return text
    }
    /// ``description`` wrapped as `CGMError(…)`: the same fields, no values.
    public var debugDescription: String { "CGMError(\(description))" }
    /// Code, message, vendor code, status and retry delay only.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "code": code.description, "message": message, "vendorCode": vendorCode as Any,
                "httpStatus": httpStatus as Any, "retryAfterSeconds": retryAfterSeconds as Any,
            ],
            displayStyle: .struct)
    }
}
