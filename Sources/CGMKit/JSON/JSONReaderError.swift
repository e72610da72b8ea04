/// Why a byte sequence is not an acceptable JSON document.
///
/// The error names what went wrong and the byte offset where it was found, never
/// the bytes themselves: a payload can hold health data.
public struct JSONReaderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case empty, invalidUTF8, unexpectedByte, unexpectedEnd, trailingContent
            case invalidNumber, invalidString, invalidEscape, loneSurrogate, limitExceeded
        }
        private let kind: Kind

        /// No bytes, or only white space.
        public static let empty = Code(kind: .empty)
        /// The bytes are not valid UTF-8.
        public static let invalidUTF8 = Code(kind: .invalidUTF8)
        /// A byte that JSON does not allow where it stands.
        public static let unexpectedByte = Code(kind: .unexpectedByte)
        /// The document ends in the middle of a value.
        public static let unexpectedEnd = Code(kind: .unexpectedEnd)
        /// Something other than white space follows the value.
        public static let trailingContent = Code(kind: .trailingContent)
        /// A number that breaks the JSON number grammar.
        public static let invalidNumber = Code(kind: .invalidNumber)
        /// A string with a raw control character or other defect.
        public static let invalidString = Code(kind: .invalidString)
        /// An unknown or malformed backslash escape.
        public static let invalidEscape = Code(kind: .invalidEscape)
        /// A `\u` escape of half a surrogate pair, which no Swift `String` can hold.
        public static let loneSurrogate = Code(kind: .loneSurrogate)
        /// A size, depth or length limit of ``JSONReaderLimits`` was exceeded.
        public static let limitExceeded = Code(kind: .limitExceeded)

        /// The code's name, for example `"limitExceeded"`.
        public var description: String { kind.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// Byte offset into the document where the problem was detected.
    public let offset: Int
    /// A fixed explanation that never contains document content.
    public let message: String

    /// Creates an error.
    public init(code: Code, offset: Int, message: String) {
        self.code = code
        self.offset = offset
        self.message = message
    }

    /// `"<message> (at byte <offset>)"`.
    public var description: String { "\(message) (at byte \(offset))" }
}
