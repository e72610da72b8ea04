/// Builds a ``CGMBatch`` that keeps SPEC §2.1's rules: timed records sorted by time
/// (ties by id in byte order) and unique by id.
///
/// An identical repeat of a record is dropped silently. A repeat with different
/// content replaces the earlier one (last wins, as an upsert) and adds a
/// ``NormalizationIssue/Code/conflictingDuplicate`` issue at the repeat's index.
/// With a ``RelayedCopyRule`` (adapters whose readings are relayed by uploaders and
/// carry no vendor identity: Share, Nightscout), copies of one measurement under
/// different ids are merged too, with no issue.
///
/// A record whose `time` lies outside ``CGMInstant/rfc3339Range`` (which RFC 3339 and
/// the schema cannot write) is skipped with one `invalidTimestamp` issue, whatever the
/// adapter, so an encoded batch always validates.
@_spi(AdapterSupport)
public struct BatchAssembler: Sendable {
    /// The provider every record and the batch belong to.
    public let provider: ProviderID
    /// How relayed copies of one reading are merged; `nil` when ids alone decide.
    public let relayedCopies: RelayedCopyRule?
    private var readings = UniqueRecords<GlucoseReading>()
    private var calibrations = UniqueRecords<Calibration>()
    private var events = UniqueRecords<CGMEvent>()
    private var alerts = UniqueRecords<DeviceAlert>()
    private var devices: [CGMDevice] = []
    private var dataRange: DataRange?
    private var issues: [NormalizationIssue] = []

    /// Creates an empty assembler for `provider`; with `relayedCopies`, ``makeBatch()``
    /// also merges readings that rule calls copies of one measurement.
    public init(provider: ProviderID, relayedCopies: RelayedCopyRule? = nil) {
        self.provider = provider
        self.relayedCopies = relayedCopies
    }

    /// Makes room for `count` readings, so a fast path adding thousands does not
    /// regrow its storage.
    public mutating func reserveCapacity(readings count: Int) {
        readings.reserveCapacity(count)
    }

    /// Adds a reading found at `index` of the vendor array. With a ``RelayedCopyRule``,
    /// a reading whose id is taken by a copy of the same measurement (a phone and a
    /// watch uploading within one second) is merged by that rule, with no issue.
    public mutating func add(_ reading: GlucoseReading, index: Int?) {
        guard admits(reading.time, index: index) else { return }
        if let rule = relayedCopies {
            if readings.insert(reading, resolve: { rule.areCopies($0, $1) ? rule.preferred($0, $1) : nil }) {
                issues.append(.conflictingDuplicate(at: index))
            }
        } else if readings.insert(reading) {
            issues.append(.conflictingDuplicate(at: index))
        }
    }

    /// Adds a reading found at `index` under `key`, a hash of its id that a fast path
    /// computed from the payload's bytes (`JSONScanner`), by the same rules as
    /// `add(_:index:)`. `false` when the key is taken by a different
    /// id: the fast path then falls back to the general path. An assembler fed this way
    /// takes every reading this way (call `reserveCapacity(keyedReadings:)` first).
    public mutating func add(_ reading: consuming GlucoseReading, index: Int, key: Int) -> Bool {
        guard admits(reading.time, index: index) else { return true }
        let rule = relayedCopies
        let replaced = readings.insert(reading, key: key) { earlier, later in
            guard let rule, rule.areCopies(earlier, later) else { return nil }
            return rule.preferred(earlier, later)
        }
        guard let replaced else { return false }
        if replaced { issues.append(.conflictingDuplicate(at: index)) }
        return true
    }

    /// Makes room for `count` readings added by key (``add(_:index:key:)``).
    public mutating func reserveCapacity(keyedReadings count: Int) {
        readings.reserveKeyedCapacity(count)
    }

    /// Adds a calibration found at `index` of the vendor array.
    public mutating func add(_ calibration: Calibration, index: Int?) {
        guard admits(calibration.time, index: index) else { return }
        if calibrations.insert(calibration) { issues.append(.conflictingDuplicate(at: index)) }
    }

    /// Adds an event found at `index` of the vendor array.
    public mutating func add(_ event: CGMEvent, index: Int?) {
        guard admits(event.time, index: index) else { return }
        if events.insert(event) { issues.append(.conflictingDuplicate(at: index)) }
    }

    /// Adds an alert found at `index` of the vendor array.
    public mutating func add(_ alert: DeviceAlert, index: Int?) {
        guard admits(alert.time, index: index) else { return }
        if alerts.insert(alert) { issues.append(.conflictingDuplicate(at: index)) }
    }

    /// Appends a device; devices keep the payload's order.
    public mutating func add(_ device: CGMDevice) {
        devices.append(device)
    }

    /// Sets the batch's data range.
    public mutating func setDataRange(_ range: DataRange?) {
        dataRange = range
    }

    /// Whether `time` can be written (``CGMInstant/isRFC3339Writable``); when not, adds
    /// the `invalidTimestamp` issue that skips the record.
    private mutating func admits(_ time: RecordTime, index: Int?) -> Bool {
        if time.instant.isRFC3339Writable { return true }
        issues.append(
            NormalizationIssue(
                index: index, code: .invalidTimestamp, message: "the time is outside the years 0001-9999 (UTC)"))
        return false
    }

    /// Records a problem.
    public mutating func add(_ issue: NormalizationIssue) {
        issues.append(issue)
    }

    /// The element at `index` of a vendor array as an object to map, or `nil` after
    /// adding the one `invalidRecord` issue that skips it: an element that is not an
    /// object, or an object that repeats a key (which value is meant cannot be known).
    ///
    /// ```swift
    /// for (index, element) in records.enumerated() {
    ///     guard let object = assembler.recordObject(element, at: index) else { continue }
    ///     …
    /// }
    /// ```
    public mutating func recordObject(_ element: JSONValue, at index: Int) -> JSONObject? {
        guard let object = element.objectValue else {
            add(NormalizationIssue(index: index, code: .invalidRecord, message: "record is not an object"))
            return nil
        }
        guard !object.hasDuplicateKeys else {
            add(
                NormalizationIssue(
                    index: index, code: .invalidRecord, message: "record repeats a key; it is not trusted"))
            return nil
        }
        return object
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
    ///
    /// It takes the assembler's storage, so a fast path's thousands of readings are
    /// sorted in place, not copied (an assembler used afterwards is copied first).
    public consuming func makeBatch() -> CGMBatch {
        var readings = self.readings.takeRecords()
        readings.sortByTimeThenID()
        if let relayedCopies { readings = relayedCopies.removingCopies(from: readings) }
        return CGMBatch(
            provider: provider, readings: readings, calibrations: calibrations.sorted(),
            events: events.sorted(), alerts: alerts.sorted(), devices: devices, dataRange: dataRange,
            issues: issues)
    }
}

/// Records unique by id, remembering arrival order only for replacement.
struct UniqueRecords<Record: TimedRecord>: Sendable {
    private var positions: [RecordID: Int] = [:]
    private var keyedPositions: [Int: Int] = [:]
    private var records: [Record] = []

    mutating func reserveCapacity(_ count: Int) {
        positions.reserveCapacity(count)
        records.reserveCapacity(count)
    }

    mutating func reserveKeyedCapacity(_ count: Int) {
        keyedPositions.reserveCapacity(count)
        records.reserveCapacity(count)
    }

    /// Inserts `record`; returns `true` when it replaced a different record with the same
    /// id. `resolve` may settle such a pair instead (returning the record to keep), and
    /// then nothing is reported.
    mutating func insert(_ record: Record, resolve: ((Record, Record) -> Record?)? = nil) -> Bool {
        // One hash lookup on the common path (a new id).
        if let position = positions.updateValue(records.count, forKey: record.id) {
            positions[record.id] = position
            return repeated(record, at: position) { resolve?($0, $1) }
        }
        records.append(record)
        return false
    }

    /// Inserts `record` under `key`, a hash of its id that a fast path computed from the
    /// payload's bytes (cheaper than hashing the id `String`): `nil` when the key is taken
    /// by a different id, and the fast path falls back; otherwise what ``insert(_:resolve:)``
    /// answers. An assembler takes records either by key or by id, never both. `record`
    /// is consumed, so a fast path's reading is moved in, not copied.
    mutating func insert(
        _ record: consuming Record, key: Int, resolve: (Record, Record) -> Record?
    ) -> Bool? {
        if let position = keyedPositions.updateValue(records.count, forKey: key) {
            keyedPositions[key] = position
            guard records[position].id == record.id else { return nil }
            return repeated(record, at: position, resolve: resolve)
        }
        records.append(record)
        return false
    }

    /// The one rule for a repeated id: an identical repeat is dropped; a copy `resolve`
    /// settles is merged; any other repeat replaces the earlier record (`true`: report it).
    private mutating func repeated(
        _ record: consuming Record, at position: Int, resolve: (Record, Record) -> Record?
    ) -> Bool {
        if records[position] == record { return false }
        if let kept = resolve(records[position], record) {
            records[position] = kept
            return false
        }
        records[position] = record
        return true
    }

    /// The records in arrival order, leaving this storage empty, so the caller owns
    /// the only reference and can sort without a copy.
    mutating func takeRecords() -> [Record] {
        positions = [:]
        keyedPositions = [:]
        let taken = records
        records = []
        return taken
    }

    /// The records by time, then id in byte order.
    func sorted() -> [Record] {
        var result = records
        result.sortByTimeThenID()
        return result
    }
}

extension Array where Element: TimedRecord {
    /// Sorts by time, then id in byte order (SPEC §2.1). Ids must be unique, which
    /// makes this a total order. Vendors send pages oldest first (Dexcom v3) or
    /// newest first (Share, Nightscout), so those two orders are checked in one pass
    /// each and cost no sort.
    @_spi(AdapterSupport)
    @inlinable
    public mutating func sortByTimeThenID() {
        func ordered(ascending: Bool) -> Bool {
            guard count > 1 else { return true }
            for index in 1..<count {
                let (earlier, later) = ascending ? (index - 1, index) : (index, index - 1)
                let left = self[earlier].time.instant
                let right = self[later].time.instant
                if left < right { continue }
                if left == right, self[earlier].id < self[later].id { continue }
                return false
            }
            return true
        }
        if ordered(ascending: true) { return }
        if ordered(ascending: false) {
            reverse()
            return
        }
        sort { lhs, rhs in
            lhs.time.instant != rhs.time.instant ? lhs.time.instant < rhs.time.instant : lhs.id < rhs.id
        }
    }
}
