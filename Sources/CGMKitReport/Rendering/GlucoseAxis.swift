import CGMKit

/// The AGP's glucose axis: 0 to 350 mg/dL (0 to 19.4 mmol/L) as in the IDC AGP report,
/// labelled at the consensus thresholds 54, 70, 180, 250 and at 350, in the chosen unit.
struct GlucoseAxis {
    static let lowest = 0.0, highest = 350.0
    /// The labelled values, mg/dL.
    static let ticks: [Double] = [54, 70, 180, 250, 350]
    /// The target range, mg/dL (Battelino et al. 2019).
    static let target: ClosedRange<Double> = 70...180

    let top: Double
    let bottom: Double

    /// The y coordinate of a mg/dL value (values outside the axis land on its edge).
    func y(_ milligramsPerDeciliter: Double) -> Double {
        let value = milligramsPerDeciliter.isFinite ? milligramsPerDeciliter : Self.lowest
        let clamped = min(Self.highest, max(Self.lowest, value))
        return bottom - (clamped - Self.lowest) / (Self.highest - Self.lowest) * (bottom - top)
    }

    /// `70–180 mg/dL` or `3.9–10.0 mmol/L`.
    static func targetText(_ unit: GlucoseUnit) -> String {
        ReportFormat.glucose(target.lowerBound, unit) + "–" + ReportFormat.glucose(target.upperBound, unit) + " "
            + unit.rawValue
    }
}
