/// When a record happened: the UTC instant, plus the device's wall clock and its
/// offset from UTC when known.
///
/// Its description is redacted (`RecordTime(<redacted>)`: a time is personal health
/// information). To show or store it, ask for the text: ``rfc3339`` for the instant,
/// `displayTime?.iso8601` for the wall clock, ``utcOffsetMinutes`` for the offset.
public struct RecordTime: Sendable, Hashable, PHIRedacting {
    /// The UTC instant; what records are sorted by.
    public var instant: CGMInstant
    /// The wall-clock time shown on the device, when the vendor sent a valid one.
    public var displayTime: LocalDateTime?
    /// Minutes east of UTC of the display clock, when stated or inferable.
    public var utcOffsetMinutes: Int?

    /// The instant as RFC 3339 text in UTC, milliseconds only when non-zero
    /// (`2025-04-19T16:43:33.817Z`): the same text as `instant.rfc3339`, what the
    /// `time` field of the unified JSON holds.
    public var rfc3339: String { instant.rfc3339 }

    /// Creates a record time.
    public init(instant: CGMInstant, displayTime: LocalDateTime? = nil, utcOffsetMinutes: Int? = nil) {
        self.instant = instant
        self.displayTime = displayTime
        self.utcOffsetMinutes = utcOffsetMinutes
    }
}
