/// Derives a record's display-clock offset from UTC, per SPEC §3.3.
@_spi(AdapterSupport)
public enum UTCOffsetInference {
    /// The quarter-hour grid an inferred offset snaps to.
    public static let stepMinutes = 15
    /// Offsets outside this range (in minutes) are not time zones but wrong clocks,
    /// and are not reported.
    public static let plausibleRange = -720...840

    /// The offset of a display clock in minutes east of UTC.
    ///
    /// An offset stated in the display time wins, rounded to the minute. Otherwise
    /// the wall clock minus the instant, rounded to the nearest 15 minutes (half away
    /// from zero), when it lies in ``plausibleRange``; else `nil`.
    public static func offsetMinutes(display: ISO8601Timestamp, instant: CGMInstant) -> Int? {
        if let stated = display.offsetMinutesRounded { return stated }
        return inferredOffsetMinutes(wallClock: display.dateTime, instant: instant)
    }

    /// The offset implied by a wall clock shown at `instant`, snapped to 15 minutes,
    /// or `nil` when it is outside ``plausibleRange``.
    public static func inferredOffsetMinutes(wallClock: LocalDateTime, instant: CGMInstant) -> Int? {
        let (difference, overflow) = wallClock.millisecondsSince1970AsUTC
            .subtractingReportingOverflow(instant.millisecondsSince1970)
        guard !overflow else { return nil }
        let step = UInt64(stepMinutes) * 60_000
        let steps = (difference.magnitude + step / 2) / step
        guard steps <= UInt64(plausibleRange.upperBound / stepMinutes + 1) else { return nil }
        let minutes = Int(steps) * stepMinutes * (difference < 0 ? -1 : 1)
        return plausibleRange.contains(minutes) ? minutes : nil
    }
}
