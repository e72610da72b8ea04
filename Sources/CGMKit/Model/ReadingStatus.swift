/// Whether a reading's value is a measurement, a range limit, or missing.
public enum ReadingStatus: String, Sendable, Hashable, CaseIterable {
    /// The value is a measurement within the sensor's range.
    case ok
    /// The true value is below `value`, the sensor's lower limit (Dexcom: 40 mg/dL, "LOW").
    case belowRange
    /// The true value is above `value`, the sensor's upper limit (Dexcom: 400 mg/dL, "HIGH").
    case aboveRange
    /// There is no usable value.
    case unavailable
}
