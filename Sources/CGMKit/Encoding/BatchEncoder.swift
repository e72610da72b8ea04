/// Writes a ``CGMBatch`` in the unified JSON form (`cgmkit.batch.v1`, SPEC §2 and
/// `Schemas/`), with a stable key order so the same batch always gives the same bytes.
///
/// Units are converted here, at the edge: glucose values leave in ``unit``
/// (mmol/L rounded to 1 decimal, rates to 2), calibrations and blood glucose events
/// included.
///
/// ``encode(_:)`` writes the text straight into bytes, and
/// ``encode(_:chunkSize:to:)`` streams it in chunks (`cgm normalize` writes standard
/// output that way); ``jsonValue(of:)-(CGMBatch)`` gives the same document as a tree.
/// Docs/Performance.md gives the figures.
public struct BatchEncoder: Sendable {
    /// The unit glucose values are written in.
    public var unit: GlucoseUnit
    /// The mmol/L factor used when ``unit`` is mmol/L.
    public var conversion: GlucoseConversion
    /// The text layout.
    public var layout: JSONWriter.Layout

    /// Creates an encoder; the defaults write mg/dL, pretty-printed.
    public init(
        unit: GlucoseUnit = .milligramsPerDeciliter, conversion: GlucoseConversion = .standard,
        layout: JSONWriter.Layout = .pretty
    ) {
        self.unit = unit
        self.conversion = conversion
        self.layout = layout
    }

    /// The batch as UTF-8 JSON text, ending with a newline.
    ///
    /// Written byte by byte into one buffer (`JSONByteWriter`), with the same bytes
    /// as writing ``jsonValue(of:)-(CGMBatch)`` with ``JSONWriter``.
    public func encode(_ batch: CGMBatch) -> [UInt8] {
        var writer = JSONByteWriter(layout: layout, capacity: estimatedSize(of: batch))
        write(batch, into: &writer, checkpoint: { (_: inout JSONByteWriter) in })
        writer.newlineAtEnd()
        return writer.copyBytes()
    }

    /// The batch as JSON text, ending with a newline.
    public func encodeToString(_ batch: CGMBatch) -> String {
        String(decoding: encode(batch), as: UTF8.self)
    }

    /// The batch as UTF-8 JSON text ending with a newline, handed to `sink` in chunks
    /// of about `chunkSize` bytes (at least 4 KiB; a chunk ends after a whole record),
    /// so the whole text is never held in memory. The bytes are those of
    /// ``encode(_:)``; a buffer passed to `sink` is valid only during the call.
    ///
    /// - Throws: only what `sink` throws; encoding stops at the first error.
    public func encode<Failure: Error>(
        _ batch: CGMBatch, chunkSize: Int = 1 << 16,
        to sink: (UnsafeRawBufferPointer) throws(Failure) -> Void
    ) throws(Failure) {
        let threshold = max(chunkSize, 4_096)
        var writer = JSONByteWriter(layout: layout, capacity: threshold + threshold / 4)
        try write(batch, into: &writer) { (writer: inout JSONByteWriter) throws(Failure) in
            guard writer.count >= threshold else { return }
            try sink(writer.bytes)
            writer.removeAll()
        }
        writer.newlineAtEnd()
        try sink(writer.bytes)
    }

    // MARK: - Byte-level writing (same key order and rules as the tree form)

    /// Calls `checkpoint` after each record, so a streaming caller can empty the buffer.
    private func write<Failure: Error>(
        _ batch: CGMBatch, into writer: inout JSONByteWriter,
        checkpoint: (inout JSONByteWriter) throws(Failure) -> Void
    ) throws(Failure) {
        writer.beginObject()
        writer.key("schema")
        writer.string(CGMBatch.schemaIdentifier)
        writer.key("provider")
        writer.string(batch.provider.rawValue)
        writer.key("readings")
        writer.beginArray()
        // Through the buffer, so each reading is borrowed, not copied (no retain per field).
        try batch.readings.withUnsafeBufferPointer { (readings) throws(Failure) in
            for index in readings.indices {
                writer.element()
                write(readings[index], into: &writer)
                try checkpoint(&writer)
            }
        }
        writer.endArray()
        writer.key("calibrations")
        writer.beginArray()
        for calibration in batch.calibrations {
            writer.element()
            write(calibration, into: &writer)
            try checkpoint(&writer)
        }
        writer.endArray()
        writer.key("events")
        writer.beginArray()
        for event in batch.events {
            writer.element()
            write(event, into: &writer)
            try checkpoint(&writer)
        }
        writer.endArray()
        writer.key("alerts")
        writer.beginArray()
        for alert in batch.alerts {
            writer.element()
            write(alert, into: &writer)
            try checkpoint(&writer)
        }
        writer.endArray()
        writer.key("devices")
        writer.beginArray()
        for device in batch.devices {
            writer.element()
            write(device, into: &writer)
            try checkpoint(&writer)
        }
        writer.endArray()
        writer.key("dataRange")
        if let range = batch.dataRange {
            write(range, into: &writer)
        } else {
            writer.null()
        }
        writer.key("issues")
        writer.beginArray()
        for issue in batch.issues {
            writer.element()
            write(issue, into: &writer)
            try checkpoint(&writer)
        }
        writer.endArray()
        writer.endObject()
    }

    private func write(_ reading: GlucoseReading, into writer: inout JSONByteWriter) {
        writer.beginObject()
        writeHead(id: reading.id, provider: reading.provider, time: reading.time, into: &writer)
        writer.key("value")
        writeGlucose(reading.glucose, into: &writer)
        writer.key("unit")
        writer.string(unit.symbol)
        writer.key("status")
        writer.string(reading.status.rawValue)
        writer.key("trend")
        writer.string(reading.trend.rawValue)
        writer.key("trendRate")
        if let rate = reading.trendRate {
            writer.number(rate.displayValue(in: unit, conversion: conversion))
        } else {
            writer.null()
        }
        writeDevice(reading.device, into: &writer)
        writer.endObject()
    }

    private func write(_ calibration: Calibration, into writer: inout JSONByteWriter) {
        writer.beginObject()
        writeHead(id: calibration.id, provider: calibration.provider, time: calibration.time, into: &writer)
        writer.key("value")
        writeGlucose(calibration.glucose, into: &writer)
        writer.key("unit")
        writer.string(unit.symbol)
        writeDevice(calibration.device, into: &writer)
        writer.endObject()
    }

    private func write(_ event: CGMEvent, into writer: inout JSONByteWriter) {
        writer.beginObject()
        writeHead(id: event.id, provider: event.provider, time: event.time, into: &writer)
        writer.key("type")
        writer.string(event.kind.rawValue)
        writer.key("subtype")
        writeOptional(event.subtype, into: &writer)
        if event.kind.carriesGlucose, let glucose = event.glucose {
            writer.key("value")
            writeGlucose(glucose, into: &writer)
            writer.key("unit")
            writer.string(unit.symbol)
        } else {
            writer.key("value")
            if let value = event.value { writer.number(value) } else { writer.null() }
            writer.key("unit")
            writeOptional(event.unit?.rawValue, into: &writer)
        }
        writer.key("text")
        writeOptional(event.text, into: &writer)
        writer.key("status")
        writer.string(event.status.rawValue)
        writeDevice(event.device, into: &writer)
        writer.endObject()
    }

    private func write(_ alert: DeviceAlert, into writer: inout JSONByteWriter) {
        writer.beginObject()
        writeHead(id: alert.id, provider: alert.provider, time: alert.time, into: &writer)
        writer.key("name")
        writer.string(alert.name)
        writer.key("state")
        writer.string(alert.state)
        writeDevice(alert.device, into: &writer)
        writer.endObject()
    }

    private func write(_ device: CGMDevice, into writer: inout JSONByteWriter) {
        writer.beginObject()
        writer.key("provider")
        writer.string(device.provider.rawValue)
        writer.key("generation")
        writer.string(device.info.generation ?? "unknown")
        if let variant = device.info.generationVariant {
            writer.key("generationVariant")
            writer.string(variant)
        }
        writer.key("displayDevice")
        writer.string(device.info.displayDevice ?? "unknown")
        if let app = device.info.displayApp {
            writer.key("displayApp")
            writer.string(app)
        }
        if let transmitter = device.info.transmitterID {
            writer.key("transmitterId")
            writer.string(transmitter)
        }
        if let upload = device.lastUploadTime {
            writer.key("lastUploadTime")
            writer.instant(upload)
        }
        writer.endObject()
    }

    private func write(_ range: DataRange, into writer: inout JSONByteWriter) {
        func span(_ key: StaticString, _ span: DataRange.Span?, into writer: inout JSONByteWriter) {
            writer.key(key)
            guard let span else {
                writer.null()
                return
            }
            writer.beginObject()
            writer.key("start")
            writer.instant(span.start)
            writer.key("end")
            writer.instant(span.end)
            writer.endObject()
        }
        writer.beginObject()
        span("egvs", range.readings, into: &writer)
        span("calibrations", range.calibrations, into: &writer)
        span("events", range.events, into: &writer)
        writer.endObject()
    }

    private func write(_ issue: NormalizationIssue, into writer: inout JSONByteWriter) {
        writer.beginObject()
        writer.key("index")
        if let index = issue.index { writer.integer(Int64(index)) } else { writer.null() }
        writer.key("code")
        writer.string(issue.code.rawValue)
        writer.key("message")
        writer.string(issue.message)
        writer.endObject()
    }

    private func writeHead(id: RecordID, provider: ProviderID, time: RecordTime, into writer: inout JSONByteWriter) {
        writer.key("id")
        writer.string(id.rawValue)
        writer.key("provider")
        writer.string(provider.rawValue)
        writer.key("time")
        writer.instant(time.instant)
        if let display = time.displayTime {
            writer.key("displayTime")
            writer.localDateTime(display)
        }
        if let offset = time.utcOffsetMinutes {
            writer.key("utcOffset")
            writer.integer(Int64(offset))
        }
    }

    private func writeDevice(_ device: DeviceInfo?, into writer: inout JSONByteWriter) {
        guard let device, !device.isEmpty else { return }
        writer.key("device")
        writer.beginObject()
        if let generation = device.generation {
            writer.key("generation")
            writer.string(generation)
        }
        if let variant = device.generationVariant {
            writer.key("generationVariant")
            writer.string(variant)
        }
        if let display = device.displayDevice {
            writer.key("displayDevice")
            writer.string(display)
        }
        if let app = device.displayApp {
            writer.key("displayApp")
            writer.string(app)
        }
        if let transmitter = device.transmitterID {
            writer.key("transmitterId")
            writer.string(transmitter)
        }
        writer.endObject()
    }

    private func writeGlucose(_ glucose: GlucoseValue?, into writer: inout JSONByteWriter) {
        if let glucose {
            writer.number(glucose.displayValue(in: unit, conversion: conversion))
        } else {
            writer.null()
        }
    }

    private func writeOptional(_ text: String?, into writer: inout JSONByteWriter) {
        if let text { writer.string(text) } else { writer.null() }
    }

    /// A generous guess at the output size (a pretty v3 reading with its device is
    /// about 540 bytes, compact about 400), so the buffer rarely grows (it doubles when
    /// the guess is short). Pages never written are never touched, so a large guess
    /// costs address space, not memory.
    private func estimatedSize(of batch: CGMBatch) -> Int {
        let records =
            batch.readings.count + batch.calibrations.count + batch.events.count + batch.alerts.count
            + batch.devices.count + batch.issues.count
        return 4_096 + records * (layout == .pretty ? 640 : 480)
    }
}
