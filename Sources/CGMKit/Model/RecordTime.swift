/// When a record happened: the UTC instant, plus the device's wall clock and its
/// offset from UTC when known.
public struct RecordTime: Sendable, Hashable, PHIRedacting {
    /// The UTC instant; what records are sorted by.
    public var instant: CGMInstant
    /// The wall-clock time shown on the device, when the vendor sent a valid one.
    public var displayTime: LocalDateTime?
    /// Minutes east of UTC of the display clock, when stated or inferable.
    public var utcOffsetMinutes: Int?

    /// Creates a record time.
    public init(instant: CGMInstant, displayTime: LocalDateTime? = nil, utcOffsetMinutes: Int? = nil) {
        self.instant = instant
        self.displayTime = displayTime
        self.utcOffsetMinutes = utcOffsetMinutes
    }
}
