/// A forward-only cursor over JSON bytes, for an adapter's fast path.
///
/// It reads the clean common case with no allocation: strings of printable ASCII
/// with no escapes, numbers, `null`, `true` and `false`, and structure. Whenever it
/// meets something else (an escape, a non-ASCII byte, a control character, a
/// malformed token, a limit) it answers `nil`. The adapter must then give up the
/// fast path and read the payload with ``JSONReader``, which handles every case
/// and reports every error. The fast path must therefore accept only documents that
/// the strict reader accepts too, and map them exactly as the general path does.
/// ``JSONScanner`` guarantees its part: every token it returns is valid JSON, and
/// ``finish()`` checks that nothing but whitespace follows the document.
///
/// ```swift
/// payload.withUnsafeBufferPointer { buffer in
///     var scanner = JSONScanner(buffer, limits: reader.limits)
///     guard scanner.consume(UInt8(ascii: "[")) else { return nil }   // fall back
///     …
/// }
/// ```
@_spi(AdapterSupport)
public struct JSONScanner {
    /// The bytes being read.
    public let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next unread byte.
    public var index: Int
    @usableFromInline let maximumStringBytes: Int
    @usableFromInline let maximumNumberBytes: Int

    /// Starts at the first byte. The document size limit is the caller's to check.
    @inlinable
    public init(_ bytes: UnsafeBufferPointer<UInt8>, limits: JSONReaderLimits = .default) {
        self.bytes = bytes
        self.index = 0
        self.maximumStringBytes = limits.maximumStringBytes
        self.maximumNumberBytes = limits.maximumNumberBytes
    }

    /// Skips JSON whitespace (space, tab, line feed, carriage return).
    @inlinable
    public mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next non-whitespace byte, without consuming it; `nil` at the end.
    @inlinable
    public mutating func peek() -> UInt8? {
        skipWhitespace()
        return index < bytes.count ? bytes[index] : nil
    }

    /// Consumes `byte` after whitespace; `false` (nothing consumed) if it is not next.
    @inlinable
    public mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// A string of printable ASCII with no escapes: the byte range of its contents
    /// (without the quotes). `nil` for anything else.
    @inlinable
    public mutating func plainString() -> Range<Int>? {
        guard consume(0x22) else { return nil }
        let start = index
        // Eight bytes at a time while none of them is a quote, a backslash, a control
        // character, DEL or non-ASCII; then byte by byte.
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= bytes.count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                guard !Self.hasSpecialByte(word) else { break }
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                guard index - start <= maximumStringBytes else { return nil }
                index += 1
                return start..<(index - 1)
            }
            guard byte >= 0x20, byte < 0x7F, byte != 0x5C else { return nil }
            index += 1
        }
        return nil
    }

    /// Whether any byte of `word` is below 0x20, 0x7F or above, `"` or `\\`.
    @inlinable
    static func hasSpecialByte(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let below = (word &- ones &* 0x20) & ~word & highs != 0  // a byte < 0x20
        let nonASCII = word & highs != 0  // a byte ≥ 0x80
        return below || nonASCII || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
            || hasZeroByte(word ^ (ones &* 0x7F))
    }

    /// A number, with the grammar of RFC 8259 and the value `Double(text)` gives.
    /// `nil` for anything else, and for a value beyond `Double`'s finite range.
    @inlinable
    public mutating func number() -> Double? {
        skipWhitespace()
        let start = index
        var negative = false
        if index < bytes.count, bytes[index] == 0x2D {
            negative = true
            index += 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var fractionDigits = 0
        var sawExponent = false
        /// Reads a run of digits into the mantissa (up to 19 significant ones, which
        /// fit a UInt64) and returns how many there were.
        func digits() -> Int {
            let runStart = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(bytes[index] - 0x30)
                    if mantissa > 0 { significantDigits += 1 }
                } else {
                    significantDigits += 1
                }
                index += 1
            }
            return index - runStart
        }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0, !(integerDigits > 1 && bytes[integerStart] == 0x30) else { return nil }
        if index < bytes.count, bytes[index] == 0x2E {
            index += 1
            fractionDigits = digits()
            guard fractionDigits > 0 else { return nil }
        }
        if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
            sawExponent = true
            index += 1
            if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
            let exponentStart = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            guard index > exponentStart else { return nil }
        }
        guard index - start <= maximumNumberBytes else { return nil }
        // Exact fast path (Clinger): at most 15 significant digits and a power of ten
        // that Double holds exactly, so one division rounds correctly.
        if !sawExponent, significantDigits <= 15, fractionDigits <= 22 {
            let magnitude = Double(mantissa) / Self.powersOfTen[fractionDigits]
            return negative ? -magnitude : magnitude
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// Consumes `null`; `false` (nothing consumed) if it is not next.
    @inlinable
    public mutating func null() -> Bool {
        literal("null")
    }

    /// Skips one scalar value (string, number, `null`, `true`, `false`); `false` for
    /// anything else, including arrays and objects.
    public mutating func skipScalar() -> Bool {
        switch peek() {
        case 0x22?: return plainString() != nil
        case 0x6E?: return literal("null")
        case 0x74?: return literal("true")
        case 0x66?: return literal("false")
        case .some(let byte) where byte == 0x2D || (byte >= 0x30 && byte <= 0x39): return number() != nil
        default: return false
        }
    }

    /// `true` when only whitespace is left.
    public mutating func finish() -> Bool {
        skipWhitespace()
        return index == bytes.count
    }

    /// Whether the bytes in `range` are exactly `text`.
    @inlinable
    public func equals(_ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount, range.lowerBound >= 0, range.upperBound <= bytes.count,
            let base = bytes.baseAddress
        else {
            return false
        }
        return Self.sameBytes(UnsafeRawPointer(base + range.lowerBound), UnsafeRawPointer(text.utf8Start), range.count)
    }

    /// Whether the bytes of `range` equal those of `other` (in the same buffer).
    @inlinable
    public func equals(_ range: Range<Int>, _ other: Range<Int>) -> Bool {
        guard range.count == other.count, let base = bytes.baseAddress else { return false }
        return Self.sameBytes(
            UnsafeRawPointer(base + range.lowerBound), UnsafeRawPointer(base + other.lowerBound),
            range.count)
    }

    @inlinable
    static func sameBytes(_ left: UnsafeRawPointer, _ right: UnsafeRawPointer, _ count: Int) -> Bool {
        var offset = 0
        while offset + 8 <= count {
            if left.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                != right.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            {
                return false
            }
            offset += 8
        }
        while offset < count {
            if left.load(fromByteOffset: offset, as: UInt8.self) != right.load(fromByteOffset: offset, as: UInt8.self) {
                return false
            }
            offset += 1
        }
        return true
    }

    /// Whether the bytes in `range` are `text` with ASCII letters in any case.
    @inlinable
    public func equalsIgnoringCase(_ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount, range.lowerBound >= 0, range.upperBound <= bytes.count else {
            return false
        }
        let pointer = text.utf8Start
        for offset in 0..<range.count {
            let byte = bytes[range.lowerBound + offset]
            let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            let wanted = pointer[offset] >= 0x41 && pointer[offset] <= 0x5A ? pointer[offset] | 0x20 : pointer[offset]
            if lowered != wanted { return false }
        }
        return true
    }

    /// The text of `range`.
    public func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// `prefix` followed by the text of `range`, built in one allocation (a record
    /// id such as `dexcom_v3:<recordId>`).
    public func string(_ range: Range<Int>, prefixedBy prefix: StaticString) -> String {
        let prefixCount = prefix.utf8CodeUnitCount
        return String(unsafeUninitializedCapacity: prefixCount + range.count) { buffer in
            for offset in 0..<prefixCount { buffer[offset] = prefix.utf8Start[offset] }
            for offset in 0..<range.count { buffer[prefixCount + offset] = bytes[range.lowerBound + offset] }
            return prefixCount + range.count
        }
    }

    /// The bytes of `range`, in place.
    @inlinable
    public func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[range])
    }

    @inlinable
    mutating func literal(_ text: StaticString) -> Bool {
        skipWhitespace()
        let end = index + text.utf8CodeUnitCount
        guard end <= bytes.count, equals(index..<end, text) else { return false }
        index = end
        return true
    }

    @usableFromInline static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]
}
