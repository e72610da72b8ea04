@_spi(AdapterSupport) import CGMKit
import Testing

@Suite("Glucose units")
struct GlucoseUnitsTests {
    @Test("the documented constant is 18.01559 mg/dL per mmol/L; ÷18 is the alternative")
    func constants() {
        #expect(GlucoseConversion.standard.milligramsPerDeciliterPerMillimolePerLiter == 18.01559)
        #expect(GlucoseConversion.divideBy18.milligramsPerDeciliterPerMillimolePerLiter == 18)
        #expect(GlucoseConversion(milligramsPerDeciliterPerMillimolePerLiter: 0) == nil)
        #expect(GlucoseConversion(milligramsPerDeciliterPerMillimolePerLiter: -18) == nil)
        #expect(GlucoseConversion(milligramsPerDeciliterPerMillimolePerLiter: .nan) == nil)
    }

    @Test("100 mg/dL is about 5.55 mmol/L, not Foundation's 0.0003")
    func avoidsFoundationTrap() {
        let value = GlucoseValue(milligramsPerDeciliter: 100).value(in: .millimolesPerLiter)
        #expect(abs(value - 5.55075) < 0.0001)
    }

    @Test(
        "mg/dL to mmol/L as written: one decimal, half away from zero",
        arguments: [
            // (mg/dL, standard, ÷18)
            (40.0, 2.2, 2.2), (54.0, 3.0, 3.0), (70.0, 3.9, 3.9), (100.0, 5.6, 5.6), (180.0, 10.0, 10.0),
            (250.0, 13.9, 13.9), (400.0, 22.2, 22.2), (81.0, 4.5, 4.5), (90.0, 5.0, 5.0), (99.0, 5.5, 5.5),
        ])
    func convertsToMillimoles(milligrams: Double, standard: Double, divideBy18: Double) {
        let value = GlucoseValue(milligramsPerDeciliter: milligrams)
        #expect(value.displayValue(in: .millimolesPerLiter) == standard)
        #expect(value.displayValue(in: .millimolesPerLiter, conversion: .divideBy18) == divideBy18)
    }

    @Test("the two conventions differ where rounding crosses a tenth")
    func conventionsDiffer() {
        // 81.9 mg/dL: 4.546 mmol/L (standard) vs 4.55 (÷18), which rounds up.
        let value = GlucoseValue(milligramsPerDeciliter: 81.9)
        #expect(value.displayValue(in: .millimolesPerLiter) == 4.5)
        #expect(value.displayValue(in: .millimolesPerLiter, conversion: .divideBy18) == 4.6)
    }

    @Test("mmol/L input converts to mg/dL and back")
    func roundTrips() {
        let value = GlucoseValue(millimolesPerLiter: 5.5)
        #expect(abs(value.milligramsPerDeciliter - 99.085745) < 1e-9)
        #expect(value.displayValue(in: .millimolesPerLiter) == 5.5)
        #expect(GlucoseValue(6.4, unit: .millimolesPerLiter).displayValue(in: .milligramsPerDeciliter) == 115.2998)
        #expect(GlucoseValue(6.4, unit: .millimolesPerLiter, conversion: .divideBy18).milligramsPerDeciliter == 115.2)
    }

    @Test(
        "rates in mmol/L/min round to two decimals",
        arguments: [
            (1.0, 0.06), (-1.0, -0.06), (2.0, 0.11), (-3.5, -0.19), (0.0, 0.0), (0.09, 0.0),
        ])
    func convertsRates(milligramsPerMinute: Double, millimolesPerMinute: Double) {
        let rate = GlucoseRate(milligramsPerDeciliterPerMinute: milligramsPerMinute)
        #expect(rate.displayValue(in: .millimolesPerLiter) == millimolesPerMinute)
        #expect(rate.displayValue(in: .milligramsPerDeciliter) == milligramsPerMinute)
    }

    @Test(
        "rounding is half away from zero, robust to binary noise",
        arguments: [
            (2.25, 1, 2.3), (-2.25, 1, -2.3), (0.05, 1, 0.1), (-0.05, 1, -0.1), (2.24999, 1, 2.2),
            (1.005, 2, 1.01), (-1.005, 2, -1.01), (0.125, 2, 0.13), (5.55, 1, 5.6), (12.345, 2, 12.35),
            (7.0, 0, 7.0), (7.5, 0, 8.0), (-7.5, 0, -8.0),
        ])
    func roundsHalfAwayFromZero(value: Double, places: Int, expected: Double) {
        #expect(DecimalRounding.round(value, places: places) == expected)
    }

    @Test("units are named by their schema symbols")
    func symbols() {
        #expect(GlucoseUnit(symbol: "mg/dL") == .milligramsPerDeciliter)
        #expect(GlucoseUnit(symbol: "mmol/L") == .millimolesPerLiter)
        #expect(GlucoseUnit(symbol: "mg/dl") == nil)
    }
}
