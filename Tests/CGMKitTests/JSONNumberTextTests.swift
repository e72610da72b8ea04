import Testing

@_spi(AdapterSupport) @testable import CGMKit

/// The byte-level number spelling must equal `JSONNumber(Double).text` (integers below
/// 10^15, else Swift's shortest round-trip `description`), which the goldens use.
@Suite("Byte-level number spelling")
struct JSONNumberTextTests {
    static func bytes(_ value: Double) -> String {
        var writer = JSONByteWriter(layout: .compact, capacity: 64)
        writer.number(value)
        return String(decoding: writer.copyBytes(), as: UTF8.self)
    }

    static func reference(_ value: Double) -> String {
        JSONNumber(value)?.text ?? "null"
    }

    @Test("edge values: zeros, limits of each path, non-finite, subnormal")
    func edges() {
        let values: [Double] = [
            0, -0.0, 1, -1, 1e-4, -1e-4, 9.9999e-5, 1e-5, 1e9, 1e9 - 0.5, 999_999_999.999_999, 1e15,
            1e15 - 1, -1e15 + 1, 1e16, 2.675, 1.005, 0.1 + 0.2, 100.0 / 3, .pi, .ulpOfOne,
            .leastNonzeroMagnitude, .greatestFiniteMagnitude, .infinity, -.infinity, .nan, 123.456_789,
            0.000_123, 0.000_1234, 7.000_001, 7.000_000_1,
        ]
        for value in values {
            #expect(Self.bytes(value) == Self.reference(value), "\(value)")
        }
        #expect(Self.bytes(6.4) == "6.4")
        #expect(Self.bytes(-0.14) == "-0.14")
        #expect(Self.bytes(101) == "101")
        #expect(Self.bytes(.nan) == "null")
    }

    @Test("a million values: decimals of every glucose shape, random doubles, random bit patterns")
    func million() {
        var random = SplitMix64(seed: 19)
        var mismatches = 0
        for index in 0..<1_000_000 {
            let value: Double
            switch index % 4 {
            case 0:  // mmol/L and rate shapes: k decimals, small magnitudes
                let decimals = Int(random.next() % 7)
                var scale = 1.0
                for _ in 0..<decimals { scale *= 10 }
                value = Double(Int64(bitPattern: random.next() % 2_000_000_000) - 1_000_000_000) / scale
            case 1:  // arithmetic results with binary noise (conversions)
                value = Double(random.next() % 1_000_000) / 18.015_59
            case 2:  // any magnitude
                value =
                    Double(Int64(bitPattern: random.next()))
                    * Double(
                        sign: .plus, exponent: Int(random.next() % 200) - 150,
                        significand: 1)
            default:  // any bit pattern
                value = Double(bitPattern: random.next())
            }
            if Self.bytes(value) != Self.reference(value) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}
