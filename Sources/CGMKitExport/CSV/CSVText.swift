import CGMKit

/// RFC 4180 field and row writing: a field is quoted when it holds a comma, a quote,
/// CR or LF, with quotes doubled; rows end with LF (what R and pandas read by default).
enum CSVText {
    static func field(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func row(_ fields: [String], into output: inout String) {
        for (position, field) in fields.enumerated() {
            if position > 0 { output += "," }
            output += Self.field(field)
        }
        output += "\n"
    }

    /// A number as the unified schema writes it (`101`, `5.6`); empty when not finite.
    static func number(_ value: Double) -> String {
        JSONNumber(value)?.text ?? ""
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
