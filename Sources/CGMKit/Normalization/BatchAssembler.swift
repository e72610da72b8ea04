/// Builds a ``CGMBatch`` that keeps SPEC §2.1's rules: timed records sorted by time
/// (ties by id in byte order) and unique by id.
///
/// An identical repeat of a record is dropped silently. A repeat with different
/// content replaces the earlier one (last wins, as an upsert) and adds a
/// ``NormalizationIssue/Code/conflictingDuplicate`` issue at the repeat's index.
public struct BatchAssembler: Sendable {
    /// The provider every record and the batch belong to.
    public let provider: ProviderID
    private var readings = UniqueRecords<GlucoseReading>()
    private var calibrations = UniqueRecords<Calibration>()
    private var events = UniqueRecords<CGMEvent>()
    private var alerts = UniqueRecords<DeviceAlert>()
    private var devices: [CGMDevice] = []
    private var dataRange: DataRange?
    private var issues: [NormalizationIssue] = []

    /// Creates an empty assembler for `provider`.
    public init(provider: ProviderID) {
        self.provider = provider
    }

    /// Makes room for `count` readings, so a fast path adding thousands does not
    /// regrow its storage.
    public mutating func reserveCapacity(readings count: Int) {
        readings.reserveCapacity(count)
    }

    /// Adds a reading found at `index` of the vendor array.
    public mutating func add(_ reading: GlucoseReading, index: Int?) {
        if readings.insert(reading) { issues.append(Self.conflict(at: index)) }
    }

    /// Adds a calibration found at `index` of the vendor array.
    public mutating func add(_ calibration: Calibration, index: Int?) {
        if calibrations.insert(calibration) { issues.append(Self.conflict(at: index)) }
    }

    /// Adds an event found at `index` of the vendor array.
    public mutating func add(_ event: CGMEvent, index: Int?) {
        if events.insert(event) { issues.append(Self.conflict(at: index)) }
    }

    /// Adds an alert found at `index` of the vendor array.
    public mutating func add(_ alert: DeviceAlert, index: Int?) {
        if alerts.insert(alert) { issues.append(Self.conflict(at: index)) }
    }

    /// Appends a device; devices keep the payload's order.
    public mutating func add(_ device: CGMDevice) {
        devices.append(device)
    }

    /// Sets the batch's data range.
    public mutating func setDataRange(_ range: DataRange?) {
        dataRange = range
    }

    /// Records a problem.
    public mutating func add(_ issue: NormalizationIssue) {
        issues.append(issue)
    }

    /// Adds every record and issue of another batch of the same provider, applying
    /// the same uniqueness rules (used to merge fetch windows).
    public mutating func merge(_ batch: CGMBatch) {
        for reading in batch.readings { add(reading, index: nil) }
        for calibration in batch.calibrations { add(calibration, index: nil) }
        for event in batch.events { add(event, index: nil) }
        for alert in batch.alerts { add(alert, index: nil) }
        devices.append(contentsOf: batch.devices)
        if let range = batch.dataRange { dataRange = range }
        issues.append(contentsOf: batch.issues)
    }

    /// The batch: timed records sorted, issues in the order they were found.
    public func makeBatch() -> CGMBatch {
        CGMBatch(provider: provider, readings: readings.sorted(), calibrations: calibrations.sorted(),
                 events: events.sorted(), alerts: alerts.sorted(), devices: devices, dataRange: dataRange,
                 issues: issues)
    }

    private static func conflict(at index: Int?) -> NormalizationIssue {
        NormalizationIssue(index: index, code: .conflictingDuplicate,
                           message: "record repeats an earlier id with different content; the later one was kept")
    }
}

/// Records unique by id, remembering arrival order only for replacement.
struct UniqueRecords<Record: TimedRecord>: Sendable {
    private var positions: [RecordID: Int] = [:]
    private var records: [Record] = []

    mutating func reserveCapacity(_ count: Int) {
        positions.reserveCapacity(count)
        records.reserveCapacity(count)
    }

    /// Inserts `record`; returns `true` when it replaced a different record with the same id.
    mutating func insert(_ record: Record) -> Bool {
        // One hash lookup on the common path (a new id).
        if let position = positions.updateValue(records.count, forKey: record.id) {
            positions[record.id] = position
            if records[position] == record { return false }
            records[position] = record
            return true
        }
        records.append(record)
        return false
    }

    /// The records by time, then id in byte order.
    func sorted() -> [Record] {
        func before(_ lhs: Record, _ rhs: Record) -> Bool {
            if lhs.time.instant != rhs.time.instant { return lhs.time.instant < rhs.time.instant }
            return lhs.id < rhs.id
        }
        // Vendors send pages oldest first (Dexcom v3) or newest first (Share): check
        // those two orders in one pass before paying for a sort. Ids are unique, so
        // "strictly before" is a total order here.
        func ordered(ascending: Bool) -> Bool {
            guard records.count > 1 else { return true }
            for index in 1..<records.count {
                let (earlier, later) = ascending ? (index - 1, index) : (index, index - 1)
                let left = records[earlier].time.instant, right = records[later].time.instant
                if left < right { continue }
                if left == right, records[earlier].id < records[later].id { continue }
                return false
            }
            return true
        }
        if ordered(ascending: true) { return records }
        if ordered(ascending: false) { return records.reversed() }
        return records.sorted(by: before)
    }
}
