/// Why a byte sequence is not an acceptable CSV file.
///
/// The error names what went wrong, the limit or rule broken and the row where it was
/// found, never the bytes themselves: an export holds names and health data.
@_spi(AdapterSupport)
public struct CSVReaderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case empty, invalidUTF8, utf16, binary, unterminatedQuote, limitExceeded
        }
        private let kind: Kind

        /// No bytes, or only white space and line breaks.
        public static let empty = Code(kind: .empty)
        /// The bytes are not valid UTF-8.
        public static let invalidUTF8 = Code(kind: .invalidUTF8)
        /// The file starts with a UTF-16 byte order mark (old LibreView exports).
        public static let utf16 = Code(kind: .utf16)
        /// The bytes hold a NUL or other control character no text export has.
        public static let binary = Code(kind: .binary)
        /// A quoted field runs to the end of the file.
        public static let unterminatedQuote = Code(kind: .unterminatedQuote)
        /// The size or row limit of ``CSVReaderLimits`` was exceeded (a field limit
        /// makes one row unreadable instead: ``CSVTable/problem(row:)``).
        public static let limitExceeded = Code(kind: .limitExceeded)

        /// The code's name, for example `"limitExceeded"`.
        public var description: String { kind.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// The row (0-based record number in the file) where it was detected; `nil` for
    /// the file as a whole.
    public let row: Int?
    /// A fixed explanation that never contains file content.
    public let message: String

    /// Creates an error.
    public init(code: Code, row: Int?, message: String) {
        self.code = code
        self.row = row
        self.message = message
    }

    /// `"<message> (row <n>)"`, or the message alone.
    public var description: String { row.map { "\(message) (row \($0))" } ?? message }
}

extension CSVReaderError {
    /// The error an importer throws for a file it cannot read: `limitExceeded` with the
    /// message alone (it names the limit; the file may well be the format), `notAPayload`
    /// otherwise with the message `"<format>: <what is wrong>"`.
    public func cgmError(format: String) -> CGMError {
        if code == .limitExceeded { return CGMError(code: .limitExceeded, message: message, cause: self) }
        return CGMError(code: .notAPayload, message: "\(format): \(message)", cause: self)
    }
}
