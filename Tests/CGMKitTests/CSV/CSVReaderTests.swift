@_spi(AdapterSupport) import CGMKit
import Testing

@Suite("CSV reader (RFC 4180)")
struct CSVReaderTests {
    func rows(_ text: String, separator: UInt8? = nil) throws -> [[String]] {
        let table = try CSVReader().read(Array(text.utf8), separator: separator)
        return (0..<table.rowCount).map { row in
            (0..<table.fieldCount(row: row)).map { table.string(row: row, column: $0) }
        }
    }

    @Test("separator detected from the header: comma, semicolon, tab", arguments: [",", ";", "\t"])
    func separators(separator: String) throws {
        let text = ["a", "b", "c"].joined(separator: separator) + "\n1" + separator + "2" + separator + "3\n"
        #expect(try rows(text) == [["a", "b", "c"], ["1", "2", "3"]])
    }

    @Test("the widest line decides the separator, not a title line with fewer fields")
    func titleLine() throws {
        let text = "Glucose Data;Generated on\na,b,c,d,e\n1,2,3,4,5\n"
        let table = try CSVReader().read(Array(text.utf8))
        #expect(table.separator == 0x2C)
        #expect(table.fieldCount(row: 1) == 5)
    }

    @Test("quoted fields hold separators, doubled quotes and line breaks")
    func quotes() throws {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n"
        #expect(try rows(text) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\r\nlines"]])
    }

    @Test("CRLF, LF and a lone CR end rows; a final line break is optional")
    func lineEnds() throws {
        #expect(try rows("a,b\r\n1,2\r\n") == [["a", "b"], ["1", "2"]])
        #expect(try rows("a,b\n1,2") == [["a", "b"], ["1", "2"]])
        #expect(try rows("a,b\r1,2\r") == [["a", "b"], ["1", "2"]])
    }

    @Test("a leading UTF-8 byte order mark is skipped")
    func byteOrderMark() throws {
        let table = try CSVReader().read([0xEF, 0xBB, 0xBF] + Array("\"Index\",\"x\"\n1,2\n".utf8))
        #expect(table.string(row: 0, column: 0) == "Index")
    }

    @Test("empty fields, trailing separators and blank lines are kept as rows and fields")
    func emptyFields() throws {
        #expect(try rows("a,b,\n,,\n\n1,2,3\n") == [["a", "b", ""], ["", "", ""], [""], ["1", "2", "3"]])
        let table = try CSVReader().read(Array("a,b\n\n1,2\n".utf8))
        #expect(table.isBlank(row: 1))
        #expect(!table.isBlank(row: 2))
    }

    @Test("a stray quote or text after a closing quote marks only that row malformed")
    func malformedRows() throws {
        let table = try CSVReader().read(Array("a,b\n1,x\"y\n\"q\" z,2\n3,4\n".utf8))
        #expect(table.rowCount == 4)
        #expect(!table.isMalformed(row: 0))
        #expect(table.isMalformed(row: 1))
        #expect(table.isMalformed(row: 2))
        #expect(!table.isMalformed(row: 3))
    }

    @Test("fields are trimmed of spaces on request, and read as plain decimals")
    func values() throws {
        let table = try CSVReader().read(Array("a,b,c,d,e\n 5.3 ,120,Low,1e2,-0.25\n".utf8))
        #expect(table.trimmed(row: 1, column: 0) == "5.3")
        #expect(table.decimal(row: 1, column: 0) == 5.3)
        #expect(table.decimal(row: 1, column: 1) == 120)
        #expect(table.decimal(row: 1, column: 2) == nil)
        #expect(table.decimal(row: 1, column: 3) == nil)
        #expect(table.decimal(row: 1, column: 4) == -0.25)
        #expect(table.integer(row: 1, column: 1) == 120)
        #expect(table.string(row: 1, column: 9) == "")
    }

    @Test("a file that is not UTF-8 is read as Latin-1 when asked; NUL bytes stay binary")
    func latin1() throws {
        let bytes: [UInt8] = Array("Ger".utf8) + [0xE4] + Array("t;b\n1;2\n".utf8)
        #expect(throws: CSVReaderError.self) { try CSVReader().read(bytes) }
        let table = try CSVReader().readUTF8OrLatin1(bytes)
        #expect(table.string(row: 0, column: 0) == "Gerät")
        #expect(throws: CSVReaderError.self) { try CSVReader().readUTF8OrLatin1([0x61, 0x00, 0xE4]) }
    }

    @Test("a decimal comma is read in files separated by semicolons or tabs, never by commas")
    func decimalComma() throws {
        let semicolon = try CSVReader().read(Array("a;b\n5,6;\"1,5\"\n".utf8))
        #expect(semicolon.decimal(row: 1, column: 0) == 5.6)
        #expect(semicolon.decimal(row: 1, column: 1) == 1.5)
        let comma = try CSVReader().read(Array("a,b\n\"5,6\",2\n".utf8))
        #expect(comma.decimal(row: 1, column: 0) == nil)
    }

    @Test("not text: empty, UTF-16, NUL bytes, invalid UTF-8, an unterminated quote")
    func notText() {
        func code(_ bytes: [UInt8]) -> CSVReaderError.Code? {
            do {
                _ = try CSVReader().read(bytes)
                return nil
            } catch {
                return error.code
            }
        }
        #expect(code([]) == .empty)
        #expect(code(Array(" \r\n\n".utf8)) == .empty)
        #expect(code([0xFF, 0xFE, 0x61, 0x00]) == .utf16)
        #expect(code([0x61, 0x2C, 0x00, 0x62]) == .binary)
        #expect(code([0x61, 0x2C, 0xC3, 0x28]) == .invalidUTF8)
        #expect(code(Array("a,b\n\"open,2\n3,4\n".utf8)) == .unterminatedQuote)
    }

    @Test("every limit is checked and named, never the content")
    func limits() {
        func message(_ text: String, _ limits: CSVReaderLimits) -> String? {
            do {
                _ = try CSVReader(limits: limits).read(Array(text.utf8))
                return nil
            } catch {
                #expect(error.code == .limitExceeded)
                #expect(!error.description.contains("secret"))
                return error.message
            }
        }
        let base = CSVReaderLimits.default
        var small = base
        small.maximumDocumentBytes = 8
        #expect(message("a,b\nsecret,2\n", small)?.contains("maximumDocumentBytes") == true)
        small = base
        small.maximumRows = 1
        #expect(message("a,b\nsecret,2\n", small)?.contains("maximumRows") == true)
    }

    @Test("a field limit makes that row unreadable, not the file; the problem names the limit")
    func rowLimits() throws {
        var small = CSVReaderLimits.default
        small.maximumFieldsPerRow = 2
        var table = try CSVReader(limits: small).read(Array("a,b\nsecret,2,3\n1,2\n".utf8))
        #expect(table.rowCount == 3)
        #expect(table.problem(row: 1) == .tooManyFields(limit: 2))
        #expect(table.fieldCount(row: 1) == 2)
        #expect(table.problem(row: 2) == nil)
        #expect(table.string(row: 2, column: 1) == "2")
        small = .default
        small.maximumFieldBytes = 4
        table = try CSVReader(limits: small).read(Array("a,b\n\"secret\",2\n1,2\n".utf8))
        #expect(table.problem(row: 1) == .fieldTooLong(limit: 4))
        #expect(table.isMalformed(row: 1))
        #expect(table.problem(row: 1)?.message.contains("maximumFieldBytes") == true)
        #expect(table.problem(row: 1)?.message.contains("secret") == false)
        #expect(table.string(row: 1, column: 0).isEmpty)
        #expect(table.problem(row: 2) == nil)
    }

    @Test("the header is found by name and columns by name or prefix, ignoring case")
    func header() throws {
        let table = try CSVReader().read(Array("Title,x\nDevice, Serial Number ,Historic Glucose mmol/L\n".utf8))
        let header = try #require(CSVHeader.find(in: table) { $0.column(named: ["serial number"]) != nil })
        #expect(header.row == 1)
        #expect(header.column(named: ["Serial Number"]) == 1)
        let historic = try #require(header.column(prefixedBy: ["Historic Glucose"]))
        #expect(historic.index == 2)
        #expect(historic.suffix == "mmol/L")
    }
}
