/// A strict RFC 4180 reader for the CSV files that vendors' websites export (Dexcom
/// Clarity, LibreView).
///
/// - Fields are separated by `,`, `;` or a tab; unless the caller names one, the
///   separator is the one that splits the widest of the first
///   ``separatorDetectionLines`` lines most often (the header row: a preamble or title
///   line has fewer fields).
/// - A field is quoted or not. A quoted field may hold separators, line breaks and
///   doubled quotes (`""` is one `"`); its closing quote must be followed by a
///   separator, a line break or the end. A quote inside an unquoted field, or text after
///   a closing quote, makes that row **malformed** (``CSVTable/isMalformed(row:)``): the
///   importer reports it as one issue and keeps every other row.
/// - Rows end with CRLF, LF or a lone CR; a final line break is optional. A leading
///   UTF-8 byte order mark is skipped.
/// - The file must be UTF-8 (RFC 3629) with no NUL byte; a UTF-16 byte order mark is
///   named as such (LibreView's old exports were UTF-16). ``readUTF8OrLatin1(_:separator:)``
///   reads a file that is not UTF-8 as Latin-1 instead.
/// - ``CSVReaderLimits`` bound the size and the rows of the file (a `limitExceeded`
///   error) and the fields in a row and a field's length (that row's
///   ``CSVTable/problem(row:)``; the rest of the file is read).
///
/// The reader is allocation-light: it keeps the file's bytes once and records each
/// field as a byte range; text is decoded only when an importer asks for a field.
///
/// Sources: RFC 4180 §2; the encodings observed in exports (fact sheet `librelinkup.md`
/// §5.1 and §6.1).
@_spi(AdapterSupport)
public struct CSVReader: Sendable {
    /// The limits checked while reading.
    public var limits: CSVReaderLimits

    /// How many lines separator detection looks at.
    public static let separatorDetectionLines = 12

    /// The separators a file may use: comma, semicolon, tab.
    public static let separators: [UInt8] = [0x2C, 0x3B, 0x09]

    /// The reader's own bound, whatever the limits: field offsets are stored in 31 bits.
    public static let maximumAddressableBytes = 0x7FFF_FFFF

    /// A reader with `limits`.
    public init(limits: CSVReaderLimits = .default) {
        self.limits = limits
    }

    /// Reads a whole file.
    ///
    /// - Parameter separator: `,` `;` or tab as a byte; `nil` detects it.
    /// - Throws: ``CSVReaderError``: `empty`, `invalidUTF8`, `utf16`, `binary`,
    ///   `unterminatedQuote` or `limitExceeded`.
    public func read(_ bytes: [UInt8], separator: UInt8? = nil) throws(CSVReaderError) -> CSVTable {
        guard bytes.count <= limits.maximumDocumentBytes, bytes.count < Self.maximumAddressableBytes else {
            throw CSVReaderError(
                code: .limitExceeded, row: nil,
                message:
                    "the file is larger than the limit of \(min(limits.maximumDocumentBytes, Self.maximumAddressableBytes - 1)) bytes (maximumDocumentBytes)"
            )
        }
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            throw CSVReaderError(code: .utf16, row: nil, message: "the file is UTF-16 text; save it as UTF-8")
        }
        let start = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        let problem: CSVReaderError? = bytes.withUnsafeBufferPointer { buffer in
            if buffer.contains(0) {
                return CSVReaderError(code: .binary, row: nil, message: "the file holds NUL bytes: it is not text")
            }
            if UTF8Validation.firstInvalidOffset(in: buffer) != nil {
                return CSVReaderError(code: .invalidUTF8, row: nil, message: "the file is not UTF-8 text")
            }
            return nil
        }
        if let problem { throw problem }
        guard bytes[start...].contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else {
            throw CSVReaderError(code: .empty, row: nil, message: "the file is empty")
        }
        let chosen = separator ?? Self.detectSeparator(in: bytes, from: start)
        // Every field ends at a separator, a line break or the end of the file: their count
        // bounds the fields (quoted separators and CRLF pairs only overcount).
        var boundaries = 1
        for byte in bytes where byte == chosen || byte == 0x0A || byte == 0x0D { boundaries += 1 }
        var table = CSVTable(bytes: bytes, separator: chosen, fieldEstimate: boundaries)
        try bytes.withUnsafeBufferPointer { (buffer) throws(CSVReaderError) in
            try scan(buffer, from: start, separator: chosen, into: &table)
        }
        return table
    }

    /// Reads the file an importer of exported files was given, as every such importer
    /// must: a JSON payload is named as such (instead of "no header row"), then the file
    /// is read as UTF-8 or Latin-1 (``readUTF8OrLatin1(_:separator:)``).
    ///
    /// - Parameters:
    ///   - payload: the file's bytes.
    ///   - format: the refusal's prefix, `"not a <format>"` (`"not a LibreView CSV export"`).
    /// - Throws: `CGMError` `notAPayload` (`"<format>: the file is JSON"`, or what the
    ///   reader refused, via ``CSVReaderError/cgmError(format:)``) or `limitExceeded`.
    public func readExport(_ payload: [UInt8], format: String) throws(CGMError) -> CSVTable {
        if Self.startsLikeJSON(payload) {
            throw CGMError(code: .notAPayload, message: "\(format): the file is JSON")
        }
        do {
            return try readUTF8OrLatin1(payload)
        } catch {
            throw error.cgmError(format: format)
        }
    }

    /// Whether the file's first meaningful byte opens a JSON object or array (after a
    /// byte order mark and white space): importers say so instead of "no header".
    public static func startsLikeJSON(_ bytes: [UInt8]) -> Bool {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        return index < bytes.count && (bytes[index] == 0x7B || bytes[index] == 0x5B)
    }

    /// Reads a whole file that is UTF-8 or, failing that, ISO 8859-1 (Latin-1): some
    /// German Clarity exports have been read as Latin-1 (fact sheet `librelinkup.md`
    /// §6.1). Only a file that is not valid UTF-8 is transcoded, byte for byte (each byte
    /// is the Unicode scalar of the same number); a file with NUL bytes is still refused
    /// as binary, and the size limit applies to the file as given.
    ///
    /// - Throws: What ``read(_:separator:)`` throws, except `invalidUTF8`.
    public func readUTF8OrLatin1(_ bytes: [UInt8], separator: UInt8? = nil) throws(CSVReaderError) -> CSVTable {
        do {
            return try read(bytes, separator: separator)
        } catch  where error.code == .invalidUTF8 {
            var transcoded: [UInt8] = []
            transcoded.reserveCapacity(bytes.count + bytes.count / 8)
            for byte in bytes {
                if byte < 0x80 {
                    transcoded.append(byte)
                } else {
                    transcoded.append(0xC0 | (byte >> 6))
                    transcoded.append(0x80 | (byte & 0x3F))
                }
            }
            var widened = self
            widened.limits.maximumDocumentBytes = max(limits.maximumDocumentBytes, transcoded.count)
            return try widened.read(transcoded, separator: separator)
        }
    }

    /// The separator that splits the widest of the first lines most often; `,` when
    /// no line holds any.
    public static func detectSeparator(in bytes: [UInt8], from start: Int = 0) -> UInt8 {
        var best: (separator: UInt8, count: Int) = (0x2C, 0)
        var index = start
        var lines = 0
        while index < bytes.count, lines < separatorDetectionLines {
            var counts = [0, 0, 0]
            var quoted = false
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == 0x22 {
                    quoted.toggle()
                } else if !quoted {
                    if byte == 0x0A || byte == 0x0D { break }
                    if let position = separators.firstIndex(of: byte) { counts[position] += 1 }
                }
            }
            for (position, count) in counts.enumerated() where count > best.count {
                best = (separators[position], count)
            }
            lines += 1
        }
        return best.separator
    }

    private func scan(
        _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, separator: UInt8, into table: inout CSVTable
    ) throws(CSVReaderError) {
        let quote: UInt8 = 0x22
        let lineFeed: UInt8 = 0x0A
        let carriageReturn: UInt8 = 0x0D
        let count = buffer.count
        var index = start
        var rowFields = 0
        var rowProblem: CSVTable.RowProblem? = nil

        func limit(_ row: Int, _ what: String) -> CSVReaderError {
            CSVReaderError(code: .limitExceeded, row: row, message: what)
        }
        func endRow() throws(CSVReaderError) {
            guard table.rowCount < limits.maximumRows else {
                throw limit(
                    table.rowCount, "the file has more rows than the limit of \(limits.maximumRows) (maximumRows)")
            }
            table.closeRow(problem: rowProblem)
            rowFields = 0
            rowProblem = nil
        }
        // A per-row limit makes that row unreadable (one issue for the importer), not the
        // file: fields past the limit are not stored, so memory stays bounded.
        func addField(_ begin: Int, _ end: Int, escaped: Bool) {
            rowFields += 1
            guard rowFields <= limits.maximumFieldsPerRow else {
                rowProblem = .tooManyFields(limit: limits.maximumFieldsPerRow)
                return
            }
            guard end - begin <= limits.maximumFieldBytes else {
                if rowProblem == nil { rowProblem = .fieldTooLong(limit: limits.maximumFieldBytes) }
                table.fields.append(CSVTable.Span(start: begin, end: begin, escaped: false))
                return
            }
            table.fields.append(CSVTable.Span(start: begin, end: end, escaped: escaped))
        }
        func markMalformed() {
            if rowProblem == nil { rowProblem = .malformed }
        }

        while index < count {
            // One field starts at `index`.
            var terminator: UInt8? = nil
            if buffer[index] == quote {
                let begin = index + 1
                var cursor = begin
                var escaped = false
                var closed = false
                while cursor < count {
                    if buffer[cursor] == quote {
                        if cursor + 1 < count, buffer[cursor + 1] == quote {
                            escaped = true
                            cursor += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    cursor += 1
                }
                guard closed else {
                    throw CSVReaderError(
                        code: .unterminatedQuote, row: table.rowCount, message: "a quoted field is never closed")
                }
                addField(begin, cursor, escaped: escaped)
                index = cursor + 1
                // After the closing quote: a separator, a line break or the end.
                while index < count {
                    let byte = buffer[index]
                    if byte == separator || byte == lineFeed || byte == carriageReturn {
                        terminator = byte
                        break
                    }
                    markMalformed()
                    index += 1
                }
            } else {
                let begin = index
                while index < count {
                    let byte = buffer[index]
                    if byte == separator || byte == lineFeed || byte == carriageReturn {
                        terminator = byte
                        break
                    }
                    if byte == quote { markMalformed() }
                    index += 1
                }
                addField(begin, index, escaped: false)
            }
            guard let terminator else {
                try endRow()
                return
            }
            index += 1
            if terminator == separator {
                if index == count {
                    addField(index, index, escaped: false)
                    try endRow()
                    return
                }
                continue
            }
            if terminator == carriageReturn, index < count, buffer[index] == lineFeed { index += 1 }
            try endRow()
        }
    }
}
