import CGMKit

/// Number and time formatting for the demo's text, independent of the machine's locale.
enum TextFormat {
    /// `value` with exactly `decimals` digits after the point, rounded half away from zero.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        guard value.isFinite, abs(value) * scale < 1e15 else { return "–" }
        let scaled = Int64((abs(value) * scale).rounded())
        let sign = value < 0 && scaled != 0 ? "-" : ""
        let whole = scaled / Int64(scale)
        guard decimals > 0 else { return sign + String(whole) }
        var fraction = String(scaled % Int64(scale))
        while fraction.count < decimals { fraction = "0" + fraction }
        return sign + String(whole) + "." + fraction
    }

    /// A glucose value in `unit`: mg/dL whole, mmol/L with one decimal.
    static func glucose(_ milligramsPerDeciliter: Double, _ unit: GlucoseUnit) -> String {
        unit == .millimolesPerLiter
            ? fixed(GlucoseValue(milligramsPerDeciliter: milligramsPerDeciliter).value(in: .millimolesPerLiter), 1)
            : fixed(milligramsPerDeciliter, 0)
    }

    /// `HH:MM`.
    static func clock(_ wall: LocalDateTime) -> String {
        twoDigits(wall.hour) + ":" + twoDigits(wall.minute)
    }

    /// `1 h 35 min`, `40 min`.
    static func duration(seconds: Int64) -> String {
        let minutes = seconds / 60
        return minutes >= 60 ? "\(minutes / 60) h \(minutes % 60) min" : "\(minutes) min"
    }

    static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    /// `text` padded with spaces to `width` characters (left-aligned, or right-aligned).
    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }
}
