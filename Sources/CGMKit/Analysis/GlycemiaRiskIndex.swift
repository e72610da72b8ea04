/// The Glycemia Risk Index (GRI): one number from 0 to 100 for the quality of glycaemia
/// in a CGM tracing, weighted towards hypoglycaemia, with its two components.
///
/// Source: Klonoff DC, Wang J, Rodbard D, et al. "A Glycemia Risk Index (GRI) of
/// Hypoglycemia and Hyperglycemia for Continuous Glucose Monitoring Validated by
/// Clinician Ratings". *J Diabetes Sci Technol* 2023;17(5):1226–1242,
/// doi:10.1177/19322968221085273. Zones as on the Diabetes Technology Society's GRI page.
///
/// - Inputs are the percentages of readings in the four **disjoint** consensus bands
///   (Battelino et al. 2019): very low `< 54`, low `54…69`, high `181…250`, very high
///   `> 250` mg/dL. Feeding cumulative percentages (`% < 70` that already includes
///   `% < 54`) double-counts the extreme bands; ``GlucoseSummary`` passes its disjoint
///   band shares.
/// - Hypoglycaemia component = VLow + 0.8 × Low; hyperglycaemia component = VHigh + 0.5 × High.
/// - GRI = 3.0 × hypo + 1.6 × hyper = 3.0·VLow + 2.4·Low + 1.6·VHigh + 0.8·High, capped at 100.
/// - Zone A `0…20`, B `(20, 40]`, C `(40, 60]`, D `(60, 80]`, E `(80, 100]`. The paper names
///   integer ranges (A 0–20, B 21–40, …); a non-integer GRI belongs to the zone whose upper
///   limit it does not exceed (20.4 is B). This boundary rule is CGMKit's choice.
public struct GlycemiaRiskIndex: Sendable, Hashable, PHIRedacting {
    /// The five risk zones, A (lowest risk) to E (highest).
    public enum Zone: String, Sendable, Hashable, CaseIterable {
        /// GRI 0 to 20.
        case a = "A"
        /// GRI above 20 to 40.
        case b = "B"
        /// GRI above 40 to 60.
        case c = "C"
        /// GRI above 60 to 80.
        case d = "D"
        /// GRI above 80 to 100.
        case e = "E"

        /// The zone of a GRI value (0–100).
        public init(index value: Double) {
            switch value {
            case ...20: self = .a
            case ...40: self = .b
            case ...60: self = .c
            case ...80: self = .d
            default: self = .e
            }
        }
    }

    /// Hypoglycaemia component, percent: VLow + 0.8 × Low (0–100).
    public let hypoglycemiaComponent: Double
    /// Hyperglycaemia component, percent: VHigh + 0.5 × High (0–100).
    public let hyperglycemiaComponent: Double

    /// Computes the index from the percentages (0–100) of readings in the disjoint bands.
    /// Percentages outside 0–100 (or not finite) are clamped into it.
    public init(veryLowPercent: Double, lowPercent: Double, highPercent: Double, veryHighPercent: Double) {
        func clamp(_ value: Double) -> Double { value.isFinite ? min(100, max(0, value)) : 0 }
        hypoglycemiaComponent = clamp(veryLowPercent) + 0.8 * clamp(lowPercent)
        hyperglycemiaComponent = clamp(veryHighPercent) + 0.5 * clamp(highPercent)
    }

    /// The index: 3.0 × hypo + 1.6 × hyper, capped at 100.
    public var value: Double {
        min(100, 3.0 * hypoglycemiaComponent + 1.6 * hyperglycemiaComponent)
    }

    /// The risk zone of ``value``.
    public var zone: Zone {
        Zone(index: value)
    }
}
