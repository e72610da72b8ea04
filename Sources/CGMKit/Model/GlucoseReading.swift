/// One sensor glucose value (SPEC §2.2).
public struct GlucoseReading: TimedRecord, PHIRedacting {
    /// `"<provider>:<native id>"`.
    public var id: RecordID
    /// The adapter that produced the reading.
    public var provider: ProviderID
    /// When the reading was taken.
    public var time: RecordTime
    /// The glucose value in mg/dL. For ``ReadingStatus/belowRange`` and
    /// ``ReadingStatus/aboveRange`` it is the sensor's limit; `nil` only when the
    /// status is ``ReadingStatus/unavailable``.
    public var glucose: GlucoseValue?
    /// Whether the value is a measurement, a range limit, or missing.
    public var status: ReadingStatus
    /// The trend arrow.
    public var trend: GlucoseTrend
    /// The rate of change, when the vendor gives one.
    public var trendRate: GlucoseRate?
    /// The device the reading came from.
    public var device: DeviceInfo?

    /// Creates a reading.
    public init(
        id: RecordID, provider: ProviderID, time: RecordTime, glucose: GlucoseValue?, status: ReadingStatus,
        trend: GlucoseTrend, trendRate: GlucoseRate? = nil, device: DeviceInfo? = nil
    ) {
        self.id = id
        self.provider = provider
        self.time = time
        self.glucose = glucose
        self.status = status
        self.trend = trend
        self.trendRate = trendRate
        self.device = device
    }
}
