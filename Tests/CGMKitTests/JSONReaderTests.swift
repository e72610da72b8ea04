@_spi(AdapterSupport) import CGMKit
import Testing

@Suite("JSON reader")
struct JSONReaderTests {
    private func read(_ text: String, limits: JSONReaderLimits = .default) throws(JSONReaderError) -> JSONValue {
        try JSONReader(limits: limits).read(Array(text.utf8))
    }

    private func errorCode(_ bytes: [UInt8], limits: JSONReaderLimits = .default) -> JSONReaderError.Code? {
        do {
            _ = try JSONReader(limits: limits).read(bytes)
            return nil
        } catch {
            return error.code
        }
    }

    @Test("reads nested values with members in document order")
    func readsStructure() throws {
        let value = try read(#" {"b": [1, -2.5e1, true, false, null], "a": {"c": "d"}} "#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["b", "a"])
        let array = try #require(object["b"]?.arrayValue)
        #expect(array.count == 5)
        #expect(array[0].numberValue?.doubleValue == 1)
        #expect(array[1].numberValue?.doubleValue == -25)
        #expect(array[1].numberValue?.text == "-2.5e1")
        #expect(array[2] == .bool(true))
        #expect(array[4] == .null)
        #expect(object["a"]?.objectValue?["c"]?.stringValue == "d")
    }

    @Test("resolves every escape, including surrogate pairs")
    func resolvesEscapes() throws {
        let value = try read(#"["\"\\\/\b\f\n\r\t\u00e9\ud834\udd1e"]"#)
        #expect(value.arrayValue?.first?.stringValue == "\"\\/\u{08}\u{0C}\n\r\té𝄞")
    }

    @Test("keeps non-ASCII UTF-8 as is")
    func keepsUnicode() throws {
        #expect(try read(#"["Ωmega ☃ 🩸"]"#).arrayValue?.first?.stringValue == "Ωmega ☃ 🩸")
    }

    @Test("skips a leading byte order mark")
    func skipsBOM() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"a":1}"#.utf8)
        #expect(try JSONReader().read(bytes).objectValue?["a"] != nil)
    }

    @Test(
        "rejects what Foundation's JSONDecoder lets through",
        arguments: [
            (#"[1,]"#, JSONReaderError.Code.unexpectedByte),
            (#"{"a":1,}"#, .unexpectedByte),
            (#"[01]"#, .unexpectedByte),
            (#"[.5]"#, .unexpectedByte),
            (#"[NaN]"#, .unexpectedByte),
            ("[\"a\tb\"]", .invalidString),
            (#"["\x"]"#, .invalidEscape),
            (#"["\ud800"]"#, .loneSurrogate),
            (#"[1] [2]"#, .trailingContent),
            (#"[1"#, .unexpectedEnd),
            (#""#, .empty),
            (#"   "#, .empty),
        ])
    func rejects(text: String, code: JSONReaderError.Code) {
        #expect(errorCode(Array(text.utf8)) == code)
    }

    @Test("accepts [0e1], which Foundation's JSONDecoder rejects")
    func acceptsZeroExponent() throws {
        #expect(try read("[0e1]").arrayValue?.first?.numberValue?.doubleValue == 0)
    }

    @Test("rejects invalid UTF-8 with its offset")
    func rejectsInvalidUTF8() throws {
        let bytes: [UInt8] = Array(#"["ok", ""#.utf8) + [0xC3, 0x28] + Array(#""]"#.utf8)
        do {
            _ = try JSONReader().read(bytes)
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.code == .invalidUTF8)
            #expect(error.offset == 8)
        }
    }

    @Test("flags duplicate keys instead of choosing one, in small and large objects")
    func flagsDuplicateKeys() throws {
        let small = try #require(try read(#"{"value":100,"value":400}"#).objectValue)
        #expect(small.hasDuplicateKeys)
        #expect(small.members.count == 2)
        let keys = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let large = try #require(try read("{\(keys),\"k7\":0}").objectValue)
        #expect(large.hasDuplicateKeys)
        let unique = try #require(try read("{\(keys)}").objectValue)
        #expect(!unique.hasDuplicateKeys)
    }

    @Test("nesting is bounded: 512 levels pass, 513 and a million fail fast")
    func boundsDepth() {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(errorCode(Array(ok.utf8)) == nil)
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(errorCode(Array(deep.utf8)) == .limitExceeded)
        let hostile = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        #expect(errorCode(hostile) == .limitExceeded)
    }

    @Test("document, string and number sizes are bounded")
    func boundsSizes() {
        let limits = JSONReaderLimits(
            maximumDocumentBytes: 1000, maximumDepth: 8, maximumStringBytes: 10,
            maximumNumberBytes: 5)
        #expect(errorCode([UInt8](repeating: 0x20, count: 1001), limits: limits) == .limitExceeded)
        #expect(errorCode(Array(#"["0123456789a"]"#.utf8), limits: limits) == .limitExceeded)
        #expect(errorCode(Array(#"["0123456789"]"#.utf8), limits: limits) == nil)
        #expect(errorCode(Array(#"["01234\n6789a"]"#.utf8), limits: limits) == .limitExceeded)
        #expect(errorCode(Array("[123456]".utf8), limits: limits) == .limitExceeded)
        #expect(errorCode(Array("[12345]".utf8), limits: limits) == nil)
        let megabyteNumber = "[" + String(repeating: "1", count: 1_000_000) + "]"
        #expect(errorCode(Array(megabyteNumber.utf8)) == .limitExceeded)
    }

    @Test("the default limits reject a 50 MB document before parsing it")
    func rejectsHugeDocument() {
        let bytes = [UInt8](repeating: 0x20, count: 50 * 1024 * 1024)
        #expect(errorCode(bytes) == .limitExceeded)
    }

    @Test("numbers beyond Double's range read as infinity with their text kept")
    func readsOverflowingNumbers() throws {
        let number = try #require(try read("[1e400]").arrayValue?.first?.numberValue)
        #expect(number.doubleValue == .infinity)
        #expect(number.text == "1e400")
    }

    @Test("error descriptions name the problem and offset, never the content")
    func errorsDoNotEchoContent() {
        do {
            _ = try JSONReader().read(Array(#"{"secret-canary-7731": tru}"#.utf8))
            Issue.record("accepted invalid JSON")
        } catch {
            #expect(!error.description.contains("secret-canary-7731"))
            #expect(error.description.contains("at byte"))
        }
    }
}

@Suite("JSON writer")
struct JSONWriterTests {
    @Test("writes compact and pretty JSON that reads back to the same value")
    func roundTrips() throws {
        let text = #"{"a":[1,2.5,"x\"y\n\u0001",true,null,{}],"b":{"c":[]}}"#
        let value = try JSONReader().read(Array(text.utf8))
        #expect(
            JSONWriter(layout: .compact).string(from: value)
                == text.replacingOccurrences(of: "\\u0001", with: "\\u0001"))
        let pretty = JSONWriter(layout: .pretty).string(from: value)
        #expect(try JSONReader().read(Array(pretty.utf8)) == value)
        #expect(pretty.contains("\n  \"b\": {\n    \"c\": []\n  }"))
    }

    @Test(
        "formats numbers: integers without a fraction, others shortest",
        arguments: [
            (101.0, "101"), (-0.0, "0"), (6.4, "6.4"), (-1.25, "-1.25"), (0.1, "0.1"), (1e20, "1e+20"),
        ])
    func formatsNumbers(value: Double, text: String) throws {
        #expect(try #require(JSONNumber(value)).text == text)
    }

    @Test("non-finite numbers cannot be written")
    func refusesNonFinite() {
        #expect(JSONNumber(Double.infinity) == nil)
        #expect(JSONNumber(Double.nan) == nil)
    }
}

@Suite("JSON scanner (fast-path cursor)")
struct JSONScannerTests {
    static func scan<T>(_ text: String, _ body: (inout JSONScanner) -> T) -> T {
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer)
            return body(&scanner)
        }
    }

    @Test(
        "numbers equal Double(text) bit for bit",
        arguments: [
            "0", "-0", "1", "39", "401", "123.5", "-0.4", "0.05", "1.0000000000000002", "9007199254740993",
            "123456789012345678901234567890", "1e2", "-2.5E-3", "0.1", "0.30000000000000004", "6.4", "115.2998",
            "179.76931348623157e306", "4.9e-324", "2.2250738585072014e-308",
        ])
    func numbers(text: String) throws {
        let value = Self.scan(text) { $0.number() }
        #expect(value?.bitPattern == Double(text)?.bitPattern)
    }

    @Test("1,000 random decimals equal Double(text)")
    func randomNumbers() {
        var random = SplitMix64(seed: 3)
        for _ in 0..<1_000 {
            let integer = random.next() % 1_000_000
            let fraction = random.next() % 100_000
            let text = "\(random.next() % 2 == 0 ? "-" : "")\(integer).\(String(fraction).leftPadded(5))"
            #expect(Self.scan(text) { $0.number() }?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    @Test("invalid numbers are refused", arguments: ["01", "-", "1.", ".5", "1e", "+1", "1e+", "--1", "1e999"])
    func badNumbers(text: String) {
        let accepted = Self.scan(text) { scanner in scanner.number() != nil && scanner.finish() }
        #expect(!accepted)
    }

    @Test("a plain string stops at an escape, a control or non-ASCII byte, at every position")
    func plainStrings() {
        for position in 0..<24 {
            let prefix = String(repeating: "a", count: position)
            #expect(Self.scan("\"\(prefix)bcdefghijklmnopqrstuvwxyz\"") { $0.plainString()?.count } == position + 25)
            for special in ["\\\\", "\\n", "é", "\u{01}", "\u{7F}"] {
                #expect(
                    Self.scan("\"\(prefix)\(special)abcdefghijklmnopqrstuvwxyz\"") { $0.plainString() } == nil,
                    "position \(position)")
            }
        }
        #expect(Self.scan(#""unterminated"#) { $0.plainString() } == nil)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
