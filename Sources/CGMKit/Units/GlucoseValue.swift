/// A glucose concentration, stored in mg/dL (the canonical unit).
///
/// Values enter in whatever unit the vendor used and leave in whatever unit the
/// host asks for; in between, and for every classification (low/high, ranges),
/// they are mg/dL.
public struct GlucoseValue: Sendable, Hashable, Comparable, PHIRedacting {
    /// The concentration in mg/dL.
    public let milligramsPerDeciliter: Double

    /// The highest glucose any CGM or meter measures: 600 mg/dL (33.3 mmol/L), the top
    /// of the widest meter range (SPEC §2.2). A sensor or meter value above it is a
    /// warm-up artefact, an uploader bug or a unit mix-up: every adapter skips such a
    /// record with one `invalidValue` issue, never reporting it as a HIGH or an `ok`
    /// reading.
    public static let maximumMeasurableMilligramsPerDeciliter: Double = 600

    /// What a blood glucose meter can report, in mg/dL: 10 to 600 (the widest range of
    /// common meters). A fingerstick or calibration outside it is a data error, and
    /// below 1 mg/dL it would even print as 0 mmol/L.
    public static let meterRangeMilligramsPerDeciliter: ClosedRange<Double> =
        10...maximumMeasurableMilligramsPerDeciliter

    /// Whether a device could have measured this value: at most
    /// ``maximumMeasurableMilligramsPerDeciliter`` (and not NaN).
    public var isMeasurable: Bool {
        milligramsPerDeciliter <= Self.maximumMeasurableMilligramsPerDeciliter
    }

    /// A value in mg/dL.
    public init(milligramsPerDeciliter: Double) {
        self.milligramsPerDeciliter = milligramsPerDeciliter
    }

    /// A value given in mmol/L, converted with `conversion`.
    public init(millimolesPerLiter: Double, conversion: GlucoseConversion = .standard) {
        self.milligramsPerDeciliter = conversion.milligramsPerDeciliter(fromMillimolesPerLiter: millimolesPerLiter)
    }

    /// A value given in `unit`.
    public init(_ value: Double, unit: GlucoseUnit, conversion: GlucoseConversion = .standard) {
        switch unit {
        case .milligramsPerDeciliter: self.init(milligramsPerDeciliter: value)
        case .millimolesPerLiter: self.init(millimolesPerLiter: value, conversion: conversion)
        }
    }

    /// The value in `unit`, unrounded.
    public func value(in unit: GlucoseUnit, conversion: GlucoseConversion = .standard) -> Double {
        switch unit {
        case .milligramsPerDeciliter: milligramsPerDeciliter
        case .millimolesPerLiter: conversion.millimolesPerLiter(fromMilligramsPerDeciliter: milligramsPerDeciliter)
        }
    }

    /// The value in `unit` as the unified schema writes it: mmol/L rounded to one
    /// decimal, mg/dL to at most four (vendor mg/dL values are whole numbers; this
    /// only hides binary noise in values converted from mmol/L), half away from zero.
    public func displayValue(in unit: GlucoseUnit, conversion: GlucoseConversion = .standard) -> Double {
        switch unit {
        case .milligramsPerDeciliter: DecimalRounding.round(milligramsPerDeciliter, places: 4)
        case .millimolesPerLiter: DecimalRounding.round(value(in: unit, conversion: conversion), places: 1)
        }
    }

    /// Orders lower concentrations first.
    public static func < (lhs: GlucoseValue, rhs: GlucoseValue) -> Bool {
        lhs.milligramsPerDeciliter < rhs.milligramsPerDeciliter
    }
}
