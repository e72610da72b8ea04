/// The span of data an account holds per kind, from a data-range response.
public struct DataRange: Sendable, Hashable, PHIRedacting {
    /// A first and last instant.
    public struct Span: Sendable, Hashable, PHIRedacting {
        /// The first record's time.
        public var start: CGMInstant
        /// The last record's time.
        public var end: CGMInstant

        /// Creates a span.
        public init(start: CGMInstant, end: CGMInstant) {
            self.start = start
            self.end = end
        }
    }

    /// Glucose readings' span, or `nil` when there are none.
    public var readings: Span?
    /// Calibrations' span, or `nil` when there are none.
    public var calibrations: Span?
    /// Events' span, or `nil` when there are none.
    public var events: Span?

    /// Creates a data range.
    public init(readings: Span? = nil, calibrations: Span? = nil, events: Span? = nil) {
        self.readings = readings
        self.calibrations = calibrations
        self.events = events
    }
}
