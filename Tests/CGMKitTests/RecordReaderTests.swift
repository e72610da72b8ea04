@_spi(AdapterSupport) import CGMKit
import Testing

/// The adapter record reader: one rule for numbers written as text, absent and
/// `null` the same, wrong types told apart, warnings only for kept records.
@Suite("Record reader (adapter support)")
struct RecordReaderTests {
    static func record(_ json: String) throws -> RecordReader {
        let object = try #require(try JSONReader().read(Array(json.utf8)).objectValue)
        return RecordReader(object: object, index: 7)
    }

    @Test(
        "numbers written as text: sign, digits, fraction, exponent, ASCII spaces around",
        arguments: [
            ("45", 45.0), ("-1.00", -1.0), ("+5", 5.0), (" 4.5 ", 4.5), ("\t120\n", 120.0), ("1e2", 100.0),
            ("2.5E-1", 0.25), (".5", 0.5), ("5.", 5.0), ("007", 7.0),
        ])
    func numberTextAccepted(text: String, value: Double) {
        #expect(NumberText.parse(text) == value)
    }

    @Test(
        "anything else written as text is not a number",
        arguments: [
            "", " ", "nan", "NaN", "inf", "-infinity", "0x1A", "1e", "e5", ".", "-", "1.2.3", "1 2", "12abc", "1e400",
            "١٢٣", String(repeating: "1", count: 65),
        ])
    func numberTextRefused(text: String) {
        #expect(NumberText.parse(text) == nil)
    }

    @Test("a number field: finite numbers and numeric strings; missing and null are absent; the rest invalid")
    func numberField() throws {
        let record = try Self.record(
            #"{"a": 120, "b": "4.5", "c": null, "d": "high", "e": true, "f": [1], "g": -1e308}"#)
        #expect(record.number("a") == .value(120))
        #expect(record.number("b") == .value(4.5))
        #expect(record.number("c") == .absent)
        #expect(record.number("missing") == .absent)
        #expect(record.number("d") == .invalid)
        #expect(record.number("e") == .invalid)
        #expect(record.number("f") == .invalid)
        #expect(record.number("g") == .value(-1e308))
    }

    @Test("strings: kept as sent; an optional string of another type is dropped with one warning")
    func strings() throws {
        var record = try Self.record(#"{"unit": "MG/DL", "empty": "", "n": 5, "z": null}"#)
        #expect(record.text("unit") == .value("MG/DL"))
        #expect(record.text("z") == .absent)
        #expect(record.text("n") == .invalid)
        #expect(record.string("empty") == nil)
        #expect(record.string("unit") == "MG/DL")
        #expect(record.optionalString("z") == nil)
        #expect(record.warnings.isEmpty)
        #expect(record.optionalString("n") == nil)
        #expect(record.warnings.map(\.code) == [.invalidValue])
        #expect(record.warnings.map(\.index) == [7])
    }

    @Test("timestamps: the adapter's parser decides; a string it refuses or another type is invalid")
    func timestamps() throws {
        let record = try Self.record(#"{"t": "2024-05-01T10:00:00Z", "bad": "yesterday", "n": 5}"#)
        #expect(record.timestamp("t", ISO8601Timestamp.init).value != nil)
        #expect(record.timestamp("bad", ISO8601Timestamp.init).value == nil)
        #expect(record.timestamp("n", ISO8601Timestamp.init).value == nil)
        if case .absent = record.timestamp("missing", ISO8601Timestamp.init) {} else { Issue.record("not absent") }
    }

    @Test("a skip carries exactly one issue at the record's index, naming the field, not its value")
    func skip() throws {
        let record = try Self.record(#"{"value": "CANARY-VALUE"}"#)
        let skipped = record.skip(.invalidValue, "value is not a finite number")
        #expect(skipped.issue.index == 7)
        #expect(skipped.issue.code == .invalidValue)
        #expect(!skipped.issue.message.contains("CANARY"))
    }
}
