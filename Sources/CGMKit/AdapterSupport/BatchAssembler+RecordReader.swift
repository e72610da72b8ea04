extension BatchAssembler {
    /// Keeps a record a ``RecordReader`` mapped: its warnings first, then the record at
    /// the reader's index (which may add a `conflictingDuplicate` issue after them). A
    /// skipped record adds only its ``SkippedRecord/issue``, never its warnings.
    @_spi(AdapterSupport)
    public mutating func add(_ reading: GlucoseReading, from record: RecordReader) {
        for issue in record.warnings { add(issue) }
        add(reading, index: record.index)
    }

    /// Keeps a calibration, as `add(_:from:)` keeps a reading.
    @_spi(AdapterSupport)
    public mutating func add(_ calibration: Calibration, from record: RecordReader) {
        for issue in record.warnings { add(issue) }
        add(calibration, index: record.index)
    }

    /// Keeps an event, as `add(_:from:)` keeps a reading.
    @_spi(AdapterSupport)
    public mutating func add(_ event: CGMEvent, from record: RecordReader) {
        for issue in record.warnings { add(issue) }
        add(event, index: record.index)
    }

    /// Keeps an alert, as `add(_:from:)` keeps a reading.
    @_spi(AdapterSupport)
    public mutating func add(_ alert: DeviceAlert, from record: RecordReader) {
        for issue in record.warnings { add(issue) }
        add(alert, index: record.index)
    }

    /// Keeps a device (devices keep the payload's order), after its warnings.
    @_spi(AdapterSupport)
    public mutating func add(_ device: CGMDevice, from record: RecordReader) {
        for issue in record.warnings { add(issue) }
        add(device)
    }
}
