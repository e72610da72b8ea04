/// Rounding to a number of decimal places, half away from zero.
@_spi(AdapterSupport)
public enum DecimalRounding {
    /// `value` rounded to `places` decimals, half away from zero (2.25 → 2.3,
    /// -2.25 → -2.3 at one place).
    ///
    /// The scaled value is first snapped to 9 significant decimals so that binary
    /// noise (`1.005 * 100 = 100.49999…`) does not turn a written half into a
    /// round-down.
    public static func round(_ value: Double, places: Int) -> Double {
        guard value.isFinite else { return value }
        var scale = 1.0
        for _ in 0..<max(0, places) { scale *= 10 }
        let scaled = value * scale
        let snapped = (scaled * 1e9).rounded() / 1e9
        let candidate = abs(snapped - scaled) < 1e-6 * max(1, abs(scaled)) ? snapped : scaled
        return candidate.rounded(.toNearestOrAwayFromZero) / scale
    }
}
