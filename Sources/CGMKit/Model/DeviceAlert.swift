/// An alert the display device raised (high, low, signal loss, …) (SPEC §2.3).
public struct DeviceAlert: TimedRecord, PHIRedacting {
    /// `"<provider>:<native id>"`.
    public var id: RecordID
    /// The adapter that produced the record.
    public var provider: ProviderID
    /// When the alert changed state.
    public var time: RecordTime
    /// The alert's name as the vendor sent it (`high`, `urgentLow`, `noReadings`, …).
    public var name: String
    /// The alert's state as the vendor sent it (`activeAlarming`, `activeSnoozed`, …).
    public var state: String
    /// The device that raised the alert.
    public var device: DeviceInfo?

    /// Creates an alert.
    public init(
        id: RecordID, provider: ProviderID, time: RecordTime, name: String, state: String,
        device: DeviceInfo? = nil
    ) {
        self.id = id
        self.provider = provider
        self.time = time
        self.name = name
        self.state = state
        self.device = device
    }
}
