/// The spelling of a `Double` in the unified JSON, written as bytes: the same text as
/// ``JSONNumber/init(_:)-(Double)``, which is the rule (integral values below 10¹⁵
/// without a fraction, others in Swift's shortest round-trip form).
///
/// The common cases are written without a `String`:
/// - integral values below 10¹⁵ as integers (`101`, `-5`, `0` for `-0.0`);
/// - values from 10⁻⁴ to 10⁹ with at most six decimals (`6.4`, `-0.14`, `0.0005`),
///   found by trying one decimal, then two, up to six.
///
/// Why the second case is exact and shortest: below 10⁹ a double's spacing is under
/// 2⁻²³ ≈ 1.2·10⁻⁷, less than 10⁻⁶, so at most one decimal with `k ≤ 6` fractional
/// digits reads back as `value`. `m = (value·10ᵏ).rounded()` finds it when it exists
/// (the product's rounding error is far below one half), and `m / 10ᵏ == value`
/// (exact operands, one correctly rounded division, the same rounding as parsing the
/// text) proves it reads back. Trying `k` upwards gives the fewest digits, which is
/// what a shortest round-trip algorithm (Swift's `description`, SwiftDtoa) prints, and
/// Swift prints that range in plain decimal notation. Everything else (tiny, huge or
/// long values, never seen in glucose data) takes `description` itself.
/// `JSONNumberTextTests` compares both on a million values.
enum JSONNumberText {
    private static let powersOfTen: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

    static func write(_ value: Double, into writer: inout JSONByteWriter) {
        guard value.isFinite else {
            writer.null()
            return
        }
        let magnitude = abs(value)
        if magnitude < 1e15, value == value.rounded(.towardZero) {
            writer.integer(Int64(value))  // exact: integral and below 2^53 (no Int: 32 bits on watchOS)
            return
        }
        if magnitude >= 1e-4, magnitude < 1e9 {
            for decimals in 1...6 {
                let scale = powersOfTen[decimals]
                let scaled = (magnitude * scale).rounded()
                guard scaled / scale == magnitude else { continue }
                let units = UInt64(scaled)  // exact: below 10^15
                let tenPower = UInt64(scale)
                if value < 0 { writer.byte(0x2D) }
                writer.unsigned(units / tenPower, minimumDigits: 1)
                writer.byte(0x2E)
                writer.unsigned(units % tenPower, minimumDigits: decimals)
                return
            }
        }
        var text = "\(value)"
        text.withUTF8 { utf8 in
            for byte in utf8 { writer.byte(byte) }
        }
    }
}
