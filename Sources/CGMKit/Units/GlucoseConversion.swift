/// The factor between mmol/L and mg/dL for glucose.
///
/// CGMKit's one documented constant is ``standard``: **1 mmol/L = 18.01559 mg/dL**,
/// from the molar mass of glucose (180.1559 g/mol), the factor of Tidepool,
/// Nightscout and LOINC. Hosts that follow the plain ÷18 convention choose
/// ``divideBy18``.
///
/// Never use Foundation's `UnitConcentrationMass.millimolesPerLiter(withGramsPerMole:)`
/// for this: on Linux it turns 100 mg/dL into 0.0003 mmol/L.
public struct GlucoseConversion: Sendable, Hashable {
    /// mg/dL in one mmol/L.
    public let milligramsPerDeciliterPerMillimolePerLiter: Double

    /// Creates a conversion with a custom factor (mg/dL per mmol/L). Returns `nil`
    /// unless the factor is finite and positive.
    public init?(milligramsPerDeciliterPerMillimolePerLiter factor: Double) {
        guard factor.isFinite, factor > 0 else { return nil }
        self.milligramsPerDeciliterPerMillimolePerLiter = factor
    }

    private init(unchecked factor: Double) {
        self.milligramsPerDeciliterPerMillimolePerLiter = factor
    }

    /// 1 mmol/L = 18.01559 mg/dL (glucose molar mass 180.1559 g/mol). The default.
    public static let standard = GlucoseConversion(unchecked: 18.01559)
    /// 1 mmol/L = 18 mg/dL, the rounded convention some meters and apps use.
    public static let divideBy18 = GlucoseConversion(unchecked: 18)

    /// mmol/L for a value in mg/dL.
    public func millimolesPerLiter(fromMilligramsPerDeciliter value: Double) -> Double {
        value / milligramsPerDeciliterPerMillimolePerLiter
    }

    /// mg/dL for a value in mmol/L.
    public func milligramsPerDeciliter(fromMillimolesPerLiter value: Double) -> Double {
        value * milligramsPerDeciliterPerMillimolePerLiter
    }
}
