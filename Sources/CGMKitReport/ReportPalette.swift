/// The report's colours. The range colours come from the Okabe–Ito palette ("Color
/// Universal Design", Okabe & Ito 2008), chosen to stay distinct under the common forms
/// of colour-vision deficiency; every coloured mark also carries a text label, so colour
/// is never the only cue. Percentile bands are one hue (blue) in three lightnesses.
public enum ReportPalette {
    /// Very low (< 54 mg/dL): wine.
    public static let veryLow = "#882255"
    /// Low (54–69 mg/dL): vermillion.
    public static let low = "#D55E00"
    /// In range (70–180 mg/dL): bluish green.
    public static let inRange = "#009E73"
    /// High (181–250 mg/dL): yellow.
    public static let high = "#F0E442"
    /// Very high (> 250 mg/dL): orange.
    public static let veryHigh = "#E69F00"
    /// The target band's fill behind the AGP.
    public static let targetFill = "#DDF1E9"
    /// The 5–95 % band.
    public static let outerBand = "#C6DBEF"
    /// The 25–75 % band.
    public static let innerBand = "#6BAED6"
    /// The median line and daily traces.
    public static let median = "#08306B"
    /// Axis, frame and text.
    public static let ink = "#222222"
    /// Secondary text and reference lines.
    public static let muted = "#666666"
}
