/// Writes a ``JSONValue`` as UTF-8 JSON text, keeping object members in their order.
///
/// Output is deterministic: the same value always gives the same bytes, which is
/// what golden files and diffs need.
public struct JSONWriter: Sendable {
    /// How the text is laid out.
    public enum Layout: Sendable, Hashable {
        /// Everything on one line, no spaces.
        case compact
        /// One member or element per line, indented by two spaces.
        case pretty
    }

    /// The layout used.
    public var layout: Layout

    /// Creates a writer.
    public init(layout: Layout = .pretty) {
        self.layout = layout
    }

    /// The JSON text of `value`.
    public func string(from value: JSONValue) -> String {
        var output = ""
        write(value, indent: 0, into: &output)
        return output
    }

    /// The JSON text of `value`, as UTF-8 bytes.
    public func bytes(from value: JSONValue) -> [UInt8] {
        Array(string(from: value).utf8)
    }

    private func write(_ value: JSONValue, indent: Int, into output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let number): output += number.text
        case .string(let string): Self.writeString(string, into: &output)
        case .array(let elements):
            guard !elements.isEmpty else {
                output += "[]"
                return
            }
            output += "["
            for (position, element) in elements.enumerated() {
                if position > 0 { output += "," }
                newline(indent + 1, into: &output)
                write(element, indent: indent + 1, into: &output)
            }
            newline(indent, into: &output)
            output += "]"
        case .object(let object):
            guard !object.members.isEmpty else {
                output += "{}"
                return
            }
            output += "{"
            for (position, member) in object.members.enumerated() {
                if position > 0 { output += "," }
                newline(indent + 1, into: &output)
                Self.writeString(member.key, into: &output)
                output += layout == .pretty ? ": " : ":"
                write(member.value, indent: indent + 1, into: &output)
            }
            newline(indent, into: &output)
            output += "}"
        }
    }

    private func newline(_ indent: Int, into output: inout String) {
        guard layout == .pretty else { return }
        output += "\n"
        output += String(repeating: "  ", count: indent)
    }

    private static let hexDigits = Array("0123456789abcdef".unicodeScalars)

    static func writeString(_ string: String, into output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\u{00}"..."\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}":
                let value = Int(scalar.value)
                output += "\\u"
                for shift in stride(from: 12, through: 0, by: -4) {
                    output.unicodeScalars.append(hexDigits[(value >> shift) & 0xF])
                }
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

extension JSONNumber {
    /// A number for output: integral values without a fraction (`101`), others in
    /// the shortest form that reads back as the same `Double` (`6.4`, `-1.25`).
    /// Returns `nil` for non-finite values, which JSON cannot express.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        let text: String
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            text = String(Int64(value))  // exact: |value| < 2^53, integral
        } else {
            text = "\(value)"
        }
        self.init(text: text, doubleValue: value)
    }

    /// A number for an integer.
    public init(_ value: Int) {
        self.init(text: String(value), doubleValue: Double(value))
    }
}
