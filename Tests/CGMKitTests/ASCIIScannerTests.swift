@_spi(AdapterSupport) import CGMKit
import Testing

/// The cursor under the LibreLinkUp, Clarity and LibreView timestamp parsers: digit
/// bounds, the marker in either case, and no read past the end.
@Suite("ASCII scanner (byte-level timestamp parsing)")
struct ASCIIScannerTests {
    @Test("numbers need their digit count; a failed expect leaves the cursor in place")
    func numbers() {
        var scanner = ASCIIScanner(ArraySlice(Array("2025-5-01".utf8)))
        let year = scanner.number(digits: 4...4)
        let slash = scanner.expect(UInt8(ascii: "/"))
        let separator = scanner.expect(oneOf: [0x2D, 0x2F])
        let month = scanner.digits(max: 2)
        let dash = scanner.expect(0x2D)
        let shortDay = scanner.number(digits: 3...4)
        let atEnd = scanner.isAtEnd
        let past = scanner.digits(max: 2)
        let pastDash = scanner.expect(0x2D)
        #expect(year == 2025)
        #expect(!slash)
        #expect(separator == 0x2D)
        #expect(month?.value == 5 && month?.count == 1)
        #expect(dash)
        #expect(shortDay == nil)
        #expect(atEnd)
        #expect(past == nil)
        #expect(!pastDash)
    }

    @Test(
        "AM and PM in either case; anything else reads nothing",
        arguments: [("AM", false as Bool?), ("pm", true), ("Pm", true), ("AX", nil), ("A", nil), ("", nil)])
    func meridiem(text: String, expected: Bool?) {
        var scanner = ASCIIScanner(ArraySlice(Array(text.utf8)))
        let marker = scanner.meridiem()
        #expect(marker == expected)
        #expect(scanner.isAtEnd == (expected != nil || text.isEmpty))
    }

    @Test("spaces are counted and skipped")
    func spaces() {
        var scanner = ASCIIScanner(ArraySlice(Array("   7".utf8)))
        let first = scanner.skipSpaces()
        let second = scanner.skipSpaces()
        let number = scanner.number(digits: 1...2)
        #expect(first == 3)
        #expect(second == 0)
        #expect(number == 7)
    }
}
