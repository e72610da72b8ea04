/// The rows of a CSV file as ``CSVReader`` read them: the file's bytes once, and each
/// field as a byte range into them. Text is decoded only when asked for.
///
/// Rows are numbered from 0 in file order, blank lines included (a blank line is a row
/// of one empty field). Reading a column a row does not have gives an empty field.
@_spi(AdapterSupport)
public struct CSVTable: Sendable {
    /// One field: a byte range of ``bytes`` and whether it holds doubled quotes, packed in
    /// 8 bytes (a 31 MiB LibreView file has 11 million fields). Offsets fit because
    /// ``CSVReader`` refuses files of ``CSVReader/maximumAddressableBytes`` or more.
    struct Span: Sendable {
        private let startOffset: UInt32
        private let endAndEscaped: UInt32

        init(start: Int, end: Int, escaped: Bool) {
            startOffset = UInt32(truncatingIfNeeded: start)
            endAndEscaped = UInt32(truncatingIfNeeded: end) | (escaped ? 0x8000_0000 : 0)
        }

        var start: Int { Int(startOffset) }
        var end: Int { Int(endAndEscaped & 0x7FFF_FFFF) }
        /// The field is quoted and holds doubled quotes to undouble.
        var escaped: Bool { endAndEscaped & 0x8000_0000 != 0 }
    }

    /// The file, as read (its byte order mark included).
    public let bytes: [UInt8]
    /// The separator used: `,` `;` or tab, as a byte.
    public let separator: UInt8
    var fields: [Span] = []
    private var rowStarts: [Int] = [0]
    private var rowProblems: [Int: RowProblem] = [:]

    /// Why one row cannot be read; the rest of the file can.
    public enum RowProblem: Sendable, Hashable {
        /// A stray quote, or text after a closing quote (RFC 4180 §2).
        case malformed
        /// A field longer than ``CSVReaderLimits/maximumFieldBytes``; the field is kept empty.
        case fieldTooLong(limit: Int)
        /// More fields than ``CSVReaderLimits/maximumFieldsPerRow``; those past it are dropped.
        case tooManyFields(limit: Int)

        /// A fixed explanation naming the rule or limit, never file content.
        public var message: String {
            switch self {
            case .malformed: "row breaks the CSV quoting rules"
            case .fieldTooLong(let limit): "a field is longer than the limit of \(limit) bytes (maximumFieldBytes)"
            case .tooManyFields(let limit): "row has more fields than the limit of \(limit) (maximumFieldsPerRow)"
            }
        }
    }

    /// An empty table; `fieldEstimate` (an upper bound of the fields to come) sizes the
    /// field array once, so a large file is never copied while it grows.
    init(bytes: [UInt8], separator: UInt8, fieldEstimate: Int) {
        self.bytes = bytes
        self.separator = separator
        fields.reserveCapacity(fieldEstimate)
        rowStarts.reserveCapacity(bytes.count / 64)
    }

    mutating func closeRow(problem: RowProblem?) {
        if let problem { rowProblems[rowStarts.count - 1] = problem }
        rowStarts.append(fields.count)
    }

    /// How many rows the file has.
    public var rowCount: Int { rowStarts.count - 1 }

    /// How many fields row `row` has.
    public func fieldCount(row: Int) -> Int {
        rowStarts[row + 1] - rowStarts[row]
    }

    /// Whether row `row` cannot be read: it breaks the quoting rules (a stray quote, text
    /// after a closing quote) or a per-row limit (``problem(row:)`` says which).
    public func isMalformed(row: Int) -> Bool {
        rowProblems[row] != nil
    }

    /// Why row `row` cannot be read, or `nil` when it can.
    public func problem(row: Int) -> RowProblem? {
        rowProblems[row]
    }

    /// Whether every field of row `row` is empty or white space.
    public func isBlank(row: Int) -> Bool {
        (0..<fieldCount(row: row)).allSatisfy { isEmpty(row: row, column: $0) }
    }

    private func span(row: Int, column: Int) -> Span? {
        guard row >= 0, row < rowCount, column >= 0, column < fieldCount(row: row) else { return nil }
        return fields[rowStarts[row] + column]
    }

    /// The field's text, quotes undoubled, as written (not trimmed); empty for a
    /// column the row does not have.
    public func string(row: Int, column: Int) -> String {
        guard let span = span(row: row, column: column), span.end > span.start else { return "" }
        let text = String(decoding: bytes[span.start..<span.end], as: UTF8.self)
        return span.escaped ? text.replacing("\"\"", with: "\"") : text
    }

    /// The field's text without leading and trailing spaces and tabs (spreadsheets pad
    /// cells); empty for a column the row does not have.
    public func trimmed(row: Int, column: Int) -> String {
        guard let range = trimmedRange(row: row, column: column) else { return "" }
        guard let span = span(row: row, column: column), span.escaped else {
            return String(decoding: bytes[range], as: UTF8.self)
        }
        return String(decoding: bytes[range], as: UTF8.self).replacing("\"\"", with: "\"")
    }

    /// Whether the field is empty or white space.
    public func isEmpty(row: Int, column: Int) -> Bool {
        trimmedRange(row: row, column: column) == nil
    }

    /// Whether the trimmed field is exactly `text` (ASCII comparison, case-sensitive).
    public func field(row: Int, column: Int, equals text: String) -> Bool {
        guard let range = trimmedRange(row: row, column: column) else { return text.isEmpty }
        return bytes[range].elementsEqual(text.utf8)
    }

    /// The trimmed field's bytes, or `nil` when it is empty.
    public func trimmedRange(row: Int, column: Int) -> Range<Int>? {
        guard let span = span(row: row, column: column) else { return nil }
        var start = span.start
        var end = span.end
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return start < end ? start..<end : nil
    }

    /// The field as a plain decimal (`120`, `5.3`, `-0.25`, `+2`): optional sign, digits,
    /// optional fraction; spaces around it ignored. In a file separated by `;` or tab, a
    /// decimal comma (`5,3`, German spreadsheets) is read too; with `,` as the separator it
    /// is not (a quoted `1,234` could be a thousands separator). `nil` for anything else
    /// (empty, `Low`, `1e2`) or a value beyond 15 significant digits.
    public func decimal(row: Int, column: Int) -> Double? {
        guard let range = trimmedRange(row: row, column: column) else { return nil }
        return Self.decimal(bytes[range], decimalComma: separator != 0x2C)
    }

    /// A plain decimal written in `text`'s bytes, by ``decimal(row:column:)``'s grammar;
    /// `decimalComma` accepts `,` as the decimal point too.
    public static func decimal(_ text: ArraySlice<UInt8>, decimalComma: Bool = false) -> Double? {
        var index = text.startIndex
        var negative = false
        if index < text.endIndex, text[index] == 0x2D || text[index] == 0x2B {
            negative = text[index] == 0x2D
            index += 1
        }
        var mantissa: Int64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        while index < text.endIndex {
            let byte = text[index]
            if byte >= 0x30, byte <= 0x39 {
                digits += 1
                guard digits <= 15 else { return nil }
                mantissa = mantissa * 10 + Int64(byte - 0x30)
                if seenPoint { fractionDigits += 1 }
            } else if byte == 0x2E || (decimalComma && byte == 0x2C), !seenPoint {
                seenPoint = true
            } else {
                return nil
            }
            index += 1
        }
        guard digits > 0 else { return nil }
        var value = Double(mantissa)
        if fractionDigits > 0 { value /= powersOfTen[fractionDigits] }
        return negative ? -value : value
    }

    private static let powersOfTen: [Double] = (0...15).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    /// The whole number written in the trimmed field (`1713`, `-5`), or `nil`.
    public func integer(row: Int, column: Int) -> Int64? {
        guard let range = trimmedRange(row: row, column: column) else { return nil }
        var index = range.lowerBound
        var negative = false
        if bytes[index] == 0x2D || bytes[index] == 0x2B {
            negative = bytes[index] == 0x2D
            index += 1
        }
        guard index < range.upperBound, range.upperBound - index <= 18 else { return nil }
        var value: Int64 = 0
        while index < range.upperBound {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int64(byte - 0x30)
            index += 1
        }
        return negative ? -value : value
    }
}
