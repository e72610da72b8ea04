/// A unit in which glucose concentrations are written.
public enum GlucoseUnit: String, Sendable, Hashable, CaseIterable {
    /// Milligrams per decilitre, the canonical unit of CGMKit.
    case milligramsPerDeciliter = "mg/dL"
    /// Millimoles per litre.
    case millimolesPerLiter = "mmol/L"

    /// The unit's symbol, as written in the unified schema.
    public var symbol: String { rawValue }

    /// The unit named by its exact symbol (`"mg/dL"`, `"mmol/L"`), or `nil`.
    public init?(symbol: String) {
        self.init(rawValue: symbol)
    }
}
