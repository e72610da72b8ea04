@_spi(AdapterSupport) import CGMKit

/// The draws a trace needs, on top of `SplitMix64` so the same seed gives the same
/// data on every platform.
struct SandboxRandom: Sendable {
    private var generator: SplitMix64

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    /// The next 64 bits.
    mutating func next() -> UInt64 {
        generator.next()
    }

    /// A uniform double in `[0, 1)`.
    mutating func unit() -> Double {
        Double(next() >> 11) / Double(UInt64(1) << 53)
    }

    /// A uniform double in `range`.
    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }

    /// An approximately standard normal value: the Irwin–Hall sum of 12 uniforms
    /// minus 6. Only additions, so every platform gives the same bits.
    mutating func normal() -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += unit() }
        return sum - 6
    }

    /// `true` with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// A lowercase hex string of `count` random bytes.
    mutating func hex(bytes count: Int) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for _ in 0..<count {
            let byte = next() & 0xFF
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return text
    }

    /// A version-4-shaped UUID string.
    mutating func uuid() -> String {
        let raw = Array(hex(bytes: 16))
        let text =
            String(raw[0..<8]) + "-" + String(raw[8..<12]) + "-4" + String(raw[13..<16]) + "-a"
            + String(raw[17..<20]) + "-" + String(raw[20..<32])
        return text
    }
}
