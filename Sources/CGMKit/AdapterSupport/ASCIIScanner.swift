/// A cursor over the ASCII bytes of one short vendor field (a timestamp), for the
/// byte-level parsers that must read no locale, calendar or machine zone (SPEC §3.5):
/// digits, expected bytes, spaces and an `AM`/`PM` marker. Every read checks the end, so
/// no input traps; a read that does not match leaves the cursor where it was, except
/// ``digits(max:)``, which consumes the digits it reads.
@_spi(AdapterSupport)
public struct ASCIIScanner: Sendable {
    /// The field.
    public let bytes: ArraySlice<UInt8>
    /// The position of the next byte to read.
    public private(set) var index: Int

    /// A cursor at the start of `bytes`.
    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    /// Whether every byte was read.
    public var isAtEnd: Bool { index == bytes.endIndex }

    /// Up to `maxDigits` ASCII digits (at most 9, so the value cannot overflow) as a
    /// number, with how many were read; `nil` when the next byte is not a digit.
    public mutating func digits(max maxDigits: Int) -> (value: Int, count: Int)? {
        var value = 0
        var count = 0
        while index < bytes.endIndex, count < min(maxDigits, 9), (0x30...0x39).contains(bytes[index]) {
            value = value * 10 + Int(bytes[index] - 0x30)
            count += 1
            index += 1
        }
        return count > 0 ? (value, count) : nil
    }

    /// A number of `count.lowerBound`…`count.upperBound` digits (no sign, no space), or `nil`.
    public mutating func number(digits count: ClosedRange<Int>) -> Int? {
        guard let read = digits(max: count.upperBound), count.contains(read.count) else { return nil }
        return read.value
    }

    /// Reads `byte` when it is next.
    public mutating func expect(_ byte: UInt8) -> Bool {
        guard index < bytes.endIndex, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Reads the next byte when it is one of `choices`, and returns it.
    public mutating func expect(oneOf choices: [UInt8]) -> UInt8? {
        guard index < bytes.endIndex, choices.contains(bytes[index]) else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    /// Skips spaces (U+0020) and returns how many.
    public mutating func skipSpaces() -> Int {
        let start = index
        while index < bytes.endIndex, bytes[index] == 0x20 { index += 1 }
        return index - start
    }

    /// `AM` → `false`, `PM` → `true`, in either case; `nil` (nothing read) otherwise.
    public mutating func meridiem() -> Bool? {
        guard index + 2 <= bytes.endIndex else { return nil }
        let first = bytes[index] | 0x20
        guard bytes[index + 1] | 0x20 == UInt8(ascii: "m"), first == UInt8(ascii: "a") || first == UInt8(ascii: "p")
        else { return nil }
        index += 2
        return first == UInt8(ascii: "p")
    }
}
