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

        /// The code's name, for example `"notAPayload"`. Safe for metric labels.
        public var description: String { kind.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// A fixed explanation, free of health data and secrets.
    public let message: String
    /// The error that caused this one, if any. Not included in descriptions.
    public let cause: (any Error & Sendable)?

    /// Creates an error.
    public init(code: Code, message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// `"<code>: <message>"`.
    public var description: String { "\(code): \(message)" }
    /// Same as ``description``.
    public var debugDescription: String { "CGMError(\(description))" }
    /// Code and message only.
    public var customMirror: Mirror {
        Mirror(self, children: ["code": code.description, "message": message], displayStyle: .struct)
    }
}
