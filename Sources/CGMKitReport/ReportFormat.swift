import CGMKit

/// Number, glucose and date text for the report, independent of the machine's locale.
public enum ReportFormat {
    /// `value` with exactly `decimals` digits after the point, rounded half away from zero;
    /// `–` for a value that is not finite or too large to print.
    public static func fixed(_ value: Double, _ decimals: Int) -> String {
        let places = min(max(decimals, 0), 6)
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        guard value.isFinite, abs(value) * scale < 1e15 else { return "–" }
        let scaled = Int64((abs(value) * scale).rounded())
        let sign = value < 0 && scaled != 0 ? "-" : ""
        let divisor = Int64(scale)
        let whole = scaled / divisor
        guard places > 0 else { return sign + String(whole) }
        var fraction = String(scaled % divisor)
        while fraction.count < places { fraction = "0" + fraction }
        return sign + String(whole) + "." + fraction
    }

    /// A glucose value in `unit`: mg/dL whole, mmol/L with one decimal.
    public static func glucose(_ milligramsPerDeciliter: Double, _ unit: GlucoseUnit) -> String {
        unit == .millimolesPerLiter
            ? fixed(GlucoseValue(milligramsPerDeciliter: milligramsPerDeciliter).value(in: .millimolesPerLiter), 1)
            : fixed(milligramsPerDeciliter, 0)
    }

    /// Percentages rounded to one decimal so that, when they add up to 100, the printed
    /// figures do too (largest remainder). The consensus bands are shown this way.
    public static func tenthsSummingTo100(_ percentages: [Double]) -> [Double] {
        let clean = percentages.map { $0.isFinite ? min(100, max(0, $0)) : 0 }
        let total = clean.reduce(0, +)
        guard abs(total - 100) < 1e-6 else { return clean.map { ($0 * 10).rounded() / 10 } }
        let tenths = clean.map { $0 * 10 }
        var floors = tenths.map { $0.rounded(.down) }
        var missing = Int((1000 - floors.reduce(0, +)).rounded())
        let order = tenths.indices.sorted { (tenths[$0] - floors[$0]) > (tenths[$1] - floors[$1]) }
        for index in order where missing > 0 {
            floors[index] += 1
            missing -= 1
        }
        return floors.map { $0 / 10 }
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// `3 Nov 2026`.
    public static func date(_ day: LocalDay) -> String {
        "\(day.day) \(monthNames[min(11, max(0, day.month - 1))]) \(day.year)"
    }

    /// `Tue 3 Nov`.
    public static func shortDate(_ day: LocalDay) -> String {
        "\(weekdayNames[day.weekday]) \(day.day) \(monthNames[min(11, max(0, day.month - 1))])"
    }

    /// `HH:MM` for minutes after midnight.
    static func clock(minutes: Int64) -> String {
        let value = ((minutes % 1440) + 1440) % 1440
        let hour = value / 60
        let minute = value % 60
        return (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }

    /// `HH:00` for an hour of the day (0–24; 24 prints as 00:00).
    static func hour(_ hour: Int) -> String {
        let value = ((hour % 24) + 24) % 24
        return (value < 10 ? "0" : "") + String(value) + ":00"
    }
}
