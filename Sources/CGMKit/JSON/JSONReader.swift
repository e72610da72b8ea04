#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A strict, total JSON reader (RFC 8259) for untrusted vendor payloads.
///
/// Unlike Foundation's `JSONDecoder` on Linux it rejects trailing commas and every
/// other `n_` case of JSONTestSuite, accepts every `y_` case, and never traps: every
/// defect is a ``JSONReaderError``. Choices where RFC 8259 leaves room:
/// - a leading UTF-8 byte order mark is skipped;
/// - text that is not valid UTF-8 is rejected, and so is a `\u` escape of a lone
///   surrogate (no Swift `String` can hold one);
/// - numbers beyond `Double`'s range are read as `±infinity` (adapters reject them);
/// - duplicate object keys are kept and flagged (``JSONObject/hasDuplicateKeys``).
///
/// Depth, document, string and number sizes, array lengths and the number of values
/// are bounded by ``JSONReaderLimits``.
public struct JSONReader: Sendable {
    /// The limits this reader enforces.
    public var limits: JSONReaderLimits

    /// Creates a reader with the given limits.
    public init(limits: JSONReaderLimits = .default) {
        self.limits = limits
    }

    /// Parses one JSON document.
    ///
    /// - Throws: `JSONReaderError`: the bytes are not one strict JSON document (RFC 8259), are not UTF-8, or pass a limit of `limits`.
    public func read(_ bytes: some Collection<UInt8>) throws(JSONReaderError) -> JSONValue {
        try readCollection(bytes)
    }

    /// Parses one JSON document held in `Data`, reading its bytes in place.
    ///
    /// - Throws: `JSONReaderError`, as `read(_:)-(some Collection<UInt8>)` does.
    public func read(_ data: Data) throws(JSONReaderError) -> JSONValue {
        try readCollection(data)
    }

    private func readCollection(_ bytes: some Collection<UInt8>) throws(JSONReaderError) -> JSONValue {
        if let contiguous = bytes.withContiguousStorageIfAvailable({ buffer in
            Result { () throws(JSONReaderError) in try read(buffer: buffer) }
        }) {
            return try contiguous.get()
        }
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONReaderError) in try read(buffer: buffer) }
        }.get()
    }

    private func read(buffer: UnsafeBufferPointer<UInt8>) throws(JSONReaderError) -> JSONValue {
        guard buffer.count <= limits.maximumDocumentBytes else {
            throw JSONReaderError(
                code: .limitExceeded, offset: limits.maximumDocumentBytes,
                message: "document is larger than the size limit")
        }
        if let badOffset = UTF8Validation.firstInvalidOffset(in: buffer) {
            throw JSONReaderError(code: .invalidUTF8, offset: badOffset, message: "document is not valid UTF-8")
        }
        var parser = JSONParser(bytes: buffer, limits: limits)
        return try parser.parseDocument()
    }
}

/// The recursive-descent parser behind ``JSONReader``. Input is already valid UTF-8.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: JSONReaderLimits
    var index = 0
    var depth = 0
    var valueCount = 0

    init(bytes: UnsafeBufferPointer<UInt8>, limits: JSONReaderLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    mutating func parseDocument() throws(JSONReaderError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            index = 3
        }
        skipWhitespace()
        guard index < bytes.count else {
            throw fail(.empty, "document is empty")
        }
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else {
            throw fail(.trailingContent, "content follows the JSON value")
        }
        return value
    }

    private func fail(_ code: JSONReaderError.Code, _ message: String) -> JSONReaderError {
        JSONReaderError(code: code, offset: index, message: message)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONReaderError) -> JSONValue {
        guard index < bytes.count else { throw fail(.unexpectedEnd, "document ends where a value is expected") }
        valueCount += 1
        guard valueCount <= limits.maximumValues else {
            throw fail(.limitExceeded, "document holds more values than the value limit")
        }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw fail(.unexpectedByte, "unexpected byte where a value is expected")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONReaderError) {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw fail(.unexpectedEnd, "document ends inside a literal") }
        let start = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != start[offset] {
            index += offset
            throw fail(.unexpectedByte, "invalid literal")
        }
        index += count
    }

    private mutating func enterContainer() throws(JSONReaderError) {
        depth += 1
        guard depth <= limits.maximumDepth else {
            throw fail(.limitExceeded, "nesting is deeper than the depth limit")
        }
    }

    private mutating func parseArray() throws(JSONReaderError) -> JSONValue {
        try enterContainer()
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            guard elements.count < limits.maximumArrayElements else {
                throw fail(.limitExceeded, "array holds more elements than the element limit")
            }
            elements.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw fail(.unexpectedEnd, "document ends inside an array") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(elements)
            default:
                throw fail(.unexpectedByte, "expected ',' or ']' in an array")
            }
        }
    }

    private mutating func parseObject() throws(JSONReaderError) -> JSONValue {
        try enterContainer()
        index += 1  // {
        var members: [JSONObject.Member] = []
        var hasDuplicateKeys = false
        var keySet: Set<String>? = nil
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(JSONObject(members: members, hasDuplicateKeys: false))
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw fail(.unexpectedEnd, "document ends inside an object") }
            guard bytes[index] == UInt8(ascii: "\"") else { throw fail(.unexpectedByte, "expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count else { throw fail(.unexpectedEnd, "document ends inside an object") }
            guard bytes[index] == UInt8(ascii: ":") else { throw fail(.unexpectedByte, "expected ':' after a key") }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            // Duplicate detection: linear for the small objects vendors send, a set beyond.
            if !hasDuplicateKeys {
                if members.count < 16 {
                    if members.contains(where: { $0.key == key }) { hasDuplicateKeys = true }
                } else {
                    if keySet == nil { keySet = Set(members.map(\.key)) }
                    if keySet?.insert(key).inserted == false { hasDuplicateKeys = true }
                }
            }
            members.append(JSONObject.Member(key: key, value: value))
            skipWhitespace()
            guard index < bytes.count else { throw fail(.unexpectedEnd, "document ends inside an object") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(JSONObject(members: members, hasDuplicateKeys: hasDuplicateKeys))
            default:
                throw fail(.unexpectedByte, "expected ',' or '}' in an object")
            }
        }
    }

    private mutating func parseString() throws(JSONReaderError) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                guard index - start <= limits.maximumStringBytes else {
                    throw fail(.limitExceeded, "string is longer than the length limit")
                }
                let string = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw fail(.invalidString, "raw control character in a string") }
            index += 1
            if index - start > limits.maximumStringBytes {
                throw fail(.limitExceeded, "string is longer than the length limit")
            }
        }
        guard index < bytes.count else { throw fail(.unexpectedEnd, "document ends inside a string") }
        // Slow path: resolve escapes into a byte buffer.
        var decoded = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            if index - start > limits.maximumStringBytes {
                throw fail(.limitExceeded, "string is longer than the length limit")
            }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                try parseEscape(into: &decoded)
            case 0..<0x20:
                throw fail(.invalidString, "raw control character in a string")
            default:
                decoded.append(byte)
                index += 1
            }
        }
        throw fail(.unexpectedEnd, "document ends inside a string")
    }

    private mutating func parseEscape(into decoded: inout [UInt8]) throws(JSONReaderError) {
        guard index < bytes.count else { throw fail(.unexpectedEnd, "document ends inside an escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): decoded.append(0x22)
        case UInt8(ascii: "\\"): decoded.append(0x5C)
        case UInt8(ascii: "/"): decoded.append(0x2F)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            let first = try parseHex4()
            var scalarValue = UInt32(first)
            if (0xD800...0xDBFF).contains(first) {
                guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                else {
                    throw fail(.loneSurrogate, "high surrogate escape without a low surrogate")
                }
                index += 2
                let second = try parseHex4()
                guard (0xDC00...0xDFFF).contains(second) else {
                    throw fail(.loneSurrogate, "high surrogate escape without a low surrogate")
                }
                scalarValue = 0x10000 + ((UInt32(first) - 0xD800) << 10) + (UInt32(second) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(first) {
                throw fail(.loneSurrogate, "low surrogate escape without a high surrogate")
            }
            guard let scalar = Unicode.Scalar(scalarValue) else {
                throw fail(.invalidEscape, "escape is not a Unicode scalar")
            }
            if let encoded = UTF8.encode(scalar) { decoded.append(contentsOf: encoded) }
        default:
            index -= 1
            throw fail(.invalidEscape, "unknown escape in a string")
        }
    }

    private mutating func parseHex4() throws(JSONReaderError) -> UInt16 {
        guard bytes.count - index >= 4 else { throw fail(.unexpectedEnd, "document ends inside a \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail(.invalidEscape, "invalid hex digit in a \\u escape")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    private mutating func parseNumber() throws(JSONReaderError) -> JSONNumber {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw fail(.unexpectedEnd, "document ends inside a number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if isDigit(bytes[index]) {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        } else {
            throw fail(.invalidNumber, "a number needs a digit")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw fail(.invalidNumber, "a fraction needs a digit")
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw fail(.invalidNumber, "an exponent needs a digit")
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        guard index - start <= limits.maximumNumberBytes else {
            throw fail(.limitExceeded, "number is longer than the length limit")
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        // The grammar was checked above; Double's parser accepts every JSON number.
        // A literal beyond Double's range parses as ±infinity, which adapters reject.
        let value = Double(text) ?? (text.hasPrefix("-") ? -.infinity : .infinity)
        return JSONNumber(text: text, doubleValue: value)
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
