/// A blood glucose value the user entered to calibrate the sensor (SPEC §2.3).
public struct Calibration: TimedRecord, PHIRedacting {
    /// `"<provider>:<native id>"`.
    public var id: RecordID
    /// The adapter that produced the record.
    public var provider: ProviderID
    /// When the calibration was entered.
    public var time: RecordTime
    /// The entered value (stored in mg/dL).
    public var glucose: GlucoseValue
    /// The device the calibration was entered on.
    public var device: DeviceInfo?

    /// Creates a calibration.
    public init(
        id: RecordID, provider: ProviderID, time: RecordTime, glucose: GlucoseValue,
        device: DeviceInfo? = nil
    ) {
        self.id = id
        self.provider = provider
        self.time = time
        self.glucose = glucose
        self.device = device
    }
}
