/// What normalizing one payload, or one fetch, yields (SPEC §2.1).
///
/// `readings`, `calibrations`, `events` and `alerts` are sorted by time, ties by id
/// in byte order, and unique by id; build batches with `BatchAssembler` to keep
/// those rules. `devices` keep the payload's order.
public struct CGMBatch: Sendable, Hashable, PHIRedacting {
    /// The adapter that produced the batch.
    public var provider: ProviderID
    /// Sensor glucose values.
    public var readings: [GlucoseReading]
    /// Calibrations.
    public var calibrations: [Calibration]
    /// User-logged events.
    public var events: [CGMEvent]
    /// Device alerts.
    public var alerts: [DeviceAlert]
    /// Display devices.
    public var devices: [CGMDevice]
    /// The account's data range, when the payload was a data-range response.
    public var dataRange: DataRange?
    /// Problems met while normalizing.
    public var issues: [NormalizationIssue]

    /// Creates a batch as given; use `BatchAssembler` to sort and de-duplicate.
    public init(
        provider: ProviderID, readings: [GlucoseReading] = [], calibrations: [Calibration] = [],
        events: [CGMEvent] = [], alerts: [DeviceAlert] = [], devices: [CGMDevice] = [],
        dataRange: DataRange? = nil, issues: [NormalizationIssue] = []
    ) {
        self.provider = provider
        self.readings = readings
        self.calibrations = calibrations
        self.events = events
        self.alerts = alerts
        self.devices = devices
        self.dataRange = dataRange
        self.issues = issues
    }

    /// The schema identifier written in the JSON form.
    public static let schemaIdentifier = "cgmkit.batch.v1"
}
