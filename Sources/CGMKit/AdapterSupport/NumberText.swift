/// The one rule for numbers that vendors write as text (`"45"`, `"-1.00"`): Dexcom v3,
/// Dexcom Share, Nightscout uploaders and OAuth token endpoints all do.
@_spi(AdapterSupport)
public enum NumberText {
    /// The most bytes a number written as text may have, after trimming.
    public static let maximumLength = 64

    /// A decimal number written as text (`"45"`, `" 4.5 "`, `"-1.00"`, `"1e2"`): leading
    /// and trailing ASCII spaces, tabs and line breaks are ignored; then an optional
    /// sign, digits with an optional fraction, an optional exponent, at most
    /// ``maximumLength`` bytes. `nil` for anything else, including `nan`, `inf`,
    /// hexadecimal forms that `Double(_:)` would accept, and values beyond `Double`'s range.
    /// The grammar is JSON's number (RFC 8259 §6) with a `+` sign and leading zeros allowed.
    public static func parse(_ text: String) -> Double? {
        let trimmed = text.trimmingASCIIWhitespace()
        let bytes = Array(trimmed.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumLength else { return nil }
        var cursor = 0
        func skipDigits() -> Int {
            let start = cursor
            while cursor < bytes.count, (0x30...0x39).contains(bytes[cursor]) { cursor += 1 }
            return cursor - start
        }
        if bytes[cursor] == 0x2B || bytes[cursor] == 0x2D { cursor += 1 }
        var mantissaDigits = skipDigits()
        if cursor < bytes.count, bytes[cursor] == 0x2E {
            cursor += 1
            mantissaDigits += skipDigits()
        }
        guard mantissaDigits > 0 else { return nil }
        if cursor < bytes.count, bytes[cursor] == 0x45 || bytes[cursor] == 0x65 {
            cursor += 1
            if cursor < bytes.count, bytes[cursor] == 0x2B || bytes[cursor] == 0x2D { cursor += 1 }
            guard skipDigits() > 0 else { return nil }
        }
        guard cursor == bytes.count, let value = Double(trimmed), value.isFinite else { return nil }
        return value
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces, tabs and line breaks.
    @_spi(AdapterSupport)
    public func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }),
            let last = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
