/// Writes JSON text straight into a growable byte buffer: punctuation, layout, keys,
/// escaped strings, numbers and times, with no tree and no `String` in between.
///
/// It produces exactly the bytes ``JSONWriter`` produces for the same values (same
/// escapes, same number spelling, same layout), which `EncoderEquivalenceTests`
/// checks on every fixture. ``BatchEncoder`` drives it; the streaming form empties it
/// into its sink after each record, so it only ever holds about one chunk.
///
/// Nesting is tracked in a 64-bit mask, one bit per level: the unified schema nests
/// four levels deep (batch, array, record, device), far below the 64 the mask holds.
struct JSONByteWriter: ~Copyable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    private let pretty: Bool
    private var depth = 0
    /// Bit `n` is set once the container at depth `n` has a member or element.
    private var hasContent: UInt64 = 0

    init(layout: JSONWriter.Layout, capacity: Int) {
        self.capacity = max(capacity, 256)
        self.base = .allocate(capacity: self.capacity)
        self.pretty = layout == .pretty
    }

    deinit {
        base.deallocate()
    }

    /// The bytes written so far.
    var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: count)
    }

    /// Forgets the bytes written so far (after a sink took them), keeping the layout state.
    mutating func removeAll() {
        count = 0
    }

    /// A copy of the bytes written so far.
    func copyBytes() -> [UInt8] {
        [UInt8](UnsafeBufferPointer(start: base, count: count))
    }

    // MARK: - Structure

    mutating func beginObject() { open(0x7B) }
    mutating func endObject() { close(0x7D) }
    mutating func beginArray() { open(0x5B) }
    mutating func endArray() { close(0x5D) }

    /// Starts a member: the separator, the layout, `"key":` (pretty: `"key": `).
    /// Keys are the schema's own ASCII names, which need no escape.
    @inline(__always)
    mutating func key(_ key: StaticString) {
        separate()
        let length = key.utf8CodeUnitCount
        reserve(length + 4)
        base[count] = 0x22
        (base + count + 1).update(from: key.utf8Start, count: length)
        count += length + 1
        base[count] = 0x22
        base[count + 1] = 0x3A
        count += 2
        if pretty {
            base[count] = 0x20
            count += 1
        }
    }

    /// Starts an array element: the separator and the layout.
    @inline(__always)
    mutating func element() {
        separate()
    }

    /// Writes the final newline of a document.
    mutating func newlineAtEnd() {
        byte(0x0A)
    }

    @inline(__always)
    private mutating func open(_ bracket: UInt8) {
        byte(bracket)
        depth += 1
        hasContent &= ~(1 << UInt64(depth & 63))
    }

    @inline(__always)
    private mutating func close(_ bracket: UInt8) {
        let filled = hasContent & (1 << UInt64(depth & 63)) != 0
        depth -= 1
        if filled { newline() }
        byte(bracket)
    }

    @inline(__always)
    private mutating func separate() {
        let bit: UInt64 = 1 << UInt64(depth & 63)
        if hasContent & bit != 0 { byte(0x2C) }
        hasContent |= bit
        newline()
    }

    @inline(__always)
    private mutating func newline() {
        guard pretty else { return }
        let spaces = 2 * depth
        reserve(spaces + 9)  // the last store may pass the indent by up to 7 bytes
        base[count] = 0x0A
        // Eight spaces per store (the schema's depth of four needs one), not a memset call.
        let indent = UnsafeMutableRawPointer(base + count + 1)
        var offset = 0
        repeat {
            indent.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: offset, as: UInt64.self)
            offset += 8
        } while offset < spaces
        count += spaces + 1
    }

    // MARK: - Values

    mutating func null() {
        raw("null")
    }

    /// ASCII text written as is (literals such as `null`).
    @inline(__always)
    mutating func raw(_ text: StaticString) {
        let length = text.utf8CodeUnitCount
        reserve(length)
        (base + count).update(from: text.utf8Start, count: length)
        count += length
    }

    /// A JSON string with the escapes of ``JSONWriter``: `\"`, `\\`, `\n`, `\r`, `\t`,
    /// `\b`, `\f`, and `\u00XX` for other controls, DEL, U+2028 and U+2029.
    @inline(__always)
    mutating func string(_ value: String) {
        let written: Void? = value.utf8.withContiguousStorageIfAvailable { utf8 in quoted(utf8) }
        guard written == nil else { return }
        var copy = value  // a bridged string without contiguous UTF-8 (Apple platforms)
        copy.withUTF8 { utf8 in quoted(utf8) }
    }

    private mutating func quoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        reserve(utf8.count + 2)
        base[count] = 0x22
        count += 1
        if Self.needsEscaping(utf8) {
            writeEscaped(utf8)
        } else if let start = utf8.baseAddress {
            (base + count).update(from: start, count: utf8.count)
            count += utf8.count
        }
        byte(0x22)
    }

    /// Whether any byte needs more than a copy: a control, `"`, `\`, DEL, or the lead
    /// byte 0xE2 of U+2028/U+2029 (looked at closely by ``writeEscaped(_:)``).
    /// Looks at eight bytes at a time (SWAR); any byte of 0x7F or above (DEL and all
    /// non-ASCII text) counts too, so text beyond ASCII always takes the careful path.
    private static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = utf8.baseAddress else { return false }
        let raw = UnsafeRawPointer(start)
        var index = 0
        while index + 8 <= utf8.count {
            if wordNeedsEscaping(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) { return true }
            index += 8
        }
        while index < utf8.count {
            let byte = utf8[index]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte >= 0x7F { return true }
            index += 1
        }
        return false
    }

    /// Whether any byte of `word` is below 0x20, is `"` or `\`, or is 0x7F or above.
    /// `(x − 0x01…) & ~x & 0x80…` is non-zero exactly when some byte of `x` is zero.
    @inline(__always)
    private static func wordNeedsEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let control = (word &- ones &* 0x20) & ~word & highs != 0  // a byte below 0x20 (ASCII bytes)
        let highOrDelete = word & highs != 0 || hasZero(word ^ (ones &* 0x7F))
        return control || highOrDelete || hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C))
    }

    private static let hexDigits: StaticString = "0123456789abcdef"

    private mutating func writeEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            switch byte {
            case 0x22: raw("\\\"")
            case 0x5C: raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            case 0x00..<0x20, 0x7F: unicodeEscape(UInt32(byte))
            case 0xE2
            where index + 2 < utf8.count && utf8[index + 1] == 0x80
                && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                unicodeEscape(utf8[index + 2] == 0xA8 ? 0x2028 : 0x2029)
                index += 2
            default: self.byte(byte)
            }
            index += 1
        }
    }

    private mutating func unicodeEscape(_ scalar: UInt32) {
        reserve(6)
        base[count] = 0x5C
        base[count + 1] = 0x75
        let digits = Self.hexDigits.utf8Start
        for position in 0..<4 {
            base[count + 2 + position] = digits[Int((scalar >> (12 - 4 * UInt32(position))) & 0xF)]
        }
        count += 6
    }

    /// An integer in decimal.
    mutating func integer(_ value: Int64) {
        if value < 0 { byte(0x2D) }
        unsigned(value.magnitude, minimumDigits: 1)
    }

    /// `value` in decimal, left-padded with zeros to `minimumDigits`.
    mutating func unsigned(_ value: UInt64, minimumDigits: Int) {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let width = max(digits, minimumDigits)
        reserve(width)
        var remaining = value
        var position = count + width - 1
        while position >= count {
            base[position] = 0x30 + UInt8(truncatingIfNeeded: remaining % 10)
            remaining /= 10
            position -= 1
        }
        count += width
    }

    /// A double as ``JSONNumber/init(_:)-(Double)`` spells it (``JSONNumberText``);
    /// `null` when it is not finite, as JSON has no infinities.
    mutating func number(_ value: Double) {
        JSONNumberText.write(value, into: &self)
    }

    /// `2025-04-19T16:43:33.817Z`: ``CGMInstant/rfc3339``.
    mutating func instant(_ instant: CGMInstant) {
        byte(0x22)
        dateTime(instant.clampedToRFC3339Range.utcDateTime)
        reserve(2)
        base[count] = 0x5A
        base[count + 1] = 0x22
        count += 2
    }

    /// `2025-01-30T15:49:55`: ``LocalDateTime/iso8601``, quoted.
    mutating func localDateTime(_ dateTime: LocalDateTime) {
        byte(0x22)
        self.dateTime(dateTime)
        byte(0x22)
    }

    private mutating func dateTime(_ time: LocalDateTime) {
        guard (0...9999).contains(time.year) else {
            // Outside four digits only the text form knows the spelling; never in real data.
            var text = time.iso8601
            text.withUTF8 { utf8 in
                reserve(utf8.count)
                if let start = utf8.baseAddress { (base + count).update(from: start, count: utf8.count) }
                count += utf8.count
            }
            return
        }
        unsigned(UInt64(time.year), minimumDigits: 4)
        byte(0x2D)
        twoDigits(time.month)
        byte(0x2D)
        twoDigits(time.day)
        byte(0x54)
        twoDigits(time.hour)
        byte(0x3A)
        twoDigits(time.minute)
        byte(0x3A)
        twoDigits(time.second)
        if time.millisecond != 0 {
            byte(0x2E)
            unsigned(UInt64(time.millisecond), minimumDigits: 3)
        }
    }

    /// A field of 0…99 (month, day, hour, minute, second: validated by ``LocalDateTime``).
    @inline(__always)
    private mutating func twoDigits(_ value: Int) {
        reserve(2)
        let clamped = UInt8(truncatingIfNeeded: min(max(value, 0), 99))
        base[count] = 0x30 + clamped / 10
        base[count + 1] = 0x30 + clamped % 10
        count += 2
    }

    // MARK: - Buffer

    @inline(__always)
    mutating func byte(_ value: UInt8) {
        reserve(1)
        base[count] = value
        count += 1
    }

    /// Makes room for `extra` more bytes, doubling the buffer when it is full.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
