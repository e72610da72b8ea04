/// A rate of change of glucose, stored in mg/dL per minute.
public struct GlucoseRate: Sendable, Hashable, PHIRedacting {
    /// The rate in mg/dL per minute.
    public let milligramsPerDeciliterPerMinute: Double

    /// A rate in mg/dL per minute.
    public init(milligramsPerDeciliterPerMinute: Double) {
        self.milligramsPerDeciliterPerMinute = milligramsPerDeciliterPerMinute
    }

    /// A rate given in `unit` per minute.
    public init(_ value: Double, unitPerMinute unit: GlucoseUnit, conversion: GlucoseConversion = .standard) {
        self.milligramsPerDeciliterPerMinute =
            GlucoseValue(value, unit: unit, conversion: conversion)
            .milligramsPerDeciliter
    }

    /// The rate in `unit` per minute as the unified schema writes it: mmol/L/min
    /// rounded to two decimals, mg/dL/min to at most four, half away from zero.
    public func displayValue(in unit: GlucoseUnit, conversion: GlucoseConversion = .standard) -> Double {
        switch unit {
        case .milligramsPerDeciliter:
            DecimalRounding.round(milligramsPerDeciliterPerMinute, places: 4)
        case .millimolesPerLiter:
            DecimalRounding.round(
                conversion.millimolesPerLiter(fromMilligramsPerDeciliter: milligramsPerDeciliterPerMinute), places: 2)
        }
    }
}
