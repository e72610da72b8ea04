/// Decodes each record kind of a batch (SPEC §2.2–§2.4), glucose values from the
/// batch's one unit into mg/dL.
struct BatchDecodingContext {
    let conversion: GlucoseConversion
    var unit: GlucoseUnit = .milligramsPerDeciliter

    init(conversion: GlucoseConversion) {
        self.conversion = conversion
    }

    /// The largest glucose value or rate accepted, in the batch's unit: far above anything
    /// a sensor reports (600 mg/dL), low enough that sums over any batch stay finite.
    static let largestMagnitude = 100_000.0

    private static let headKeys: Set<String> = ["id", "provider", "time", "displayTime", "utcOffset"]
    private static let readingKeys = headKeys.union(["value", "unit", "status", "trend", "trendRate", "device"])
    private static let calibrationKeys = headKeys.union(["value", "unit", "device"])
    private static let eventKeys = headKeys.union(["type", "subtype", "value", "unit", "text", "status", "device"])
    private static let alertKeys = headKeys.union(["name", "state", "device"])
    private static let deviceKeys: Set<String> = [
        "provider", "generation", "generationVariant", "displayDevice",
        "displayApp", "transmitterId", "lastUploadTime",
    ]
    private static let deviceInfoKeys: Set<String> = [
        "generation", "generationVariant", "displayDevice", "displayApp",
        "transmitterId",
    ]

    func reading(_ value: JSONValue, path: String) throws(CGMError) -> GlucoseReading {
        let fields = try BatchFields(value, path: path)
        try fields.requireOnly(Self.readingKeys)
        let head = try self.head(fields)
        try requireBatchUnit(fields)
        let rate = try fields.nullableNumber("trendRate").map { (value) throws(CGMError) in
            guard abs(value) <= Self.largestMagnitude else { throw fields.failure("trendRate", "is out of range") }
            return GlucoseRate(value, unitPerMinute: unit, conversion: conversion)
        }
        let glucose = try glucose(fields, "value")
        // SPEC §2.2: no sensor measures above 600 mg/dL; every adapter skips such a value.
        if let glucose, !glucose.isMeasurable { throw fields.failure("value", "is above what a sensor measures") }
        let status = try fields.vocabulary("status", as: ReadingStatus.self)
        // Schemas/reading.schema.json: a value exactly when the status is not `unavailable`.
        guard (glucose == nil) == (status == .unavailable) else {
            throw fields.failure("value", "does not match the status")
        }
        return GlucoseReading(
            id: head.id, provider: head.provider, time: head.time, glucose: glucose, status: status,
            trend: try fields.vocabulary("trend", as: GlucoseTrend.self),
            trendRate: rate, device: try deviceInfo(fields))
    }

    func calibration(_ value: JSONValue, path: String) throws(CGMError) -> Calibration {
        let fields = try BatchFields(value, path: path)
        try fields.requireOnly(Self.calibrationKeys)
        let head = try self.head(fields)
        try requireBatchUnit(fields)
        guard let glucose = try glucose(fields, "value") else { throw fields.failure("value", "is missing") }
        // A meter value: 10 to 600 mg/dL (GlucoseValue.meterRangeMilligramsPerDeciliter), as every adapter keeps.
        guard GlucoseValue.meterRangeMilligramsPerDeciliter.contains(glucose.milligramsPerDeciliter) else {
            throw fields.failure("value", "is outside what a meter measures")
        }
        return Calibration(
            id: head.id, provider: head.provider, time: head.time, glucose: glucose,
            device: try deviceInfo(fields))
    }

    func event(_ value: JSONValue, path: String) throws(CGMError) -> CGMEvent {
        let fields = try BatchFields(value, path: path)
        try fields.requireOnly(Self.eventKeys)
        let head = try self.head(fields)
        let kind = try fields.vocabulary("type", as: CGMEvent.Kind.self)
        var event = CGMEvent(
            id: head.id, provider: head.provider, time: head.time, kind: kind,
            subtype: try fields.nullableString("subtype"), text: try fields.nullableString("text"),
            status: try fields.vocabulary("status", as: CGMEvent.Status.self),
            device: try deviceInfo(fields))
        let amount = try fields.nullableNumber("value")
        let unitValue = try fields.nullable("unit")
        let eventUnit: CGMEvent.Unit? = try unitValue.map { (value) throws(CGMError) in
            guard let text = value.stringValue, let unit = CGMEvent.Unit(rawValue: text) else {
                throw fields.failure("unit", "is not in its vocabulary")
            }
            return unit
        }
        // A blood glucose value travels in the batch's unit (BatchEncoder); anything else as written.
        if kind.carriesGlucose, let amount, let eventUnit, eventUnit.rawValue == unit.symbol {
            event.glucose = GlucoseValue(amount, unit: unit, conversion: conversion)
        } else {
            event.value = amount
            event.unit = eventUnit
        }
        return event
    }

    func alert(_ value: JSONValue, path: String) throws(CGMError) -> DeviceAlert {
        let fields = try BatchFields(value, path: path)
        try fields.requireOnly(Self.alertKeys)
        let head = try self.head(fields)
        return DeviceAlert(
            id: head.id, provider: head.provider, time: head.time, name: try fields.string("name"),
            state: try fields.string("state"), device: try deviceInfo(fields))
    }

    func device(_ value: JSONValue, path: String) throws(CGMError) -> CGMDevice {
        let fields = try BatchFields(value, path: path)
        try fields.requireOnly(Self.deviceKeys)
        // The encoder writes an absent generation or display device as "unknown".
        let generation = try fields.string("generation")
        let display = try fields.string("displayDevice")
        let info = DeviceInfo(
            generation: generation == "unknown" ? nil : generation,
            generationVariant: try fields.optionalString("generationVariant"),
            displayDevice: display == "unknown" ? nil : display,
            displayApp: try fields.optionalString("displayApp"),
            transmitterID: try nonEmpty(fields, "transmitterId"))
        let upload: CGMInstant? = fields.object.contains("lastUploadTime") ? try fields.instant("lastUploadTime") : nil
        return CGMDevice(provider: try fields.provider("provider"), info: info, lastUploadTime: upload)
    }

    func dataRange(_ value: JSONValue, path: String) throws(CGMError) -> DataRange {
        let fields = try BatchFields(value, path: path)
        try fields.requireOnly(["egvs", "calibrations", "events"])
        func span(_ key: String) throws(CGMError) -> DataRange.Span? {
            guard let value = try fields.nullable(key) else { return nil }
            let span = try BatchFields(value, path: "\(path).\(key)")
            try span.requireOnly(["start", "end"])
            return DataRange.Span(start: try span.instant("start"), end: try span.instant("end"))
        }
        return DataRange(readings: try span("egvs"), calibrations: try span("calibrations"), events: try span("events"))
    }

    func issue(_ value: JSONValue, path: String) throws(CGMError) -> NormalizationIssue {
        let fields = try BatchFields(value, path: path)
        try fields.requireOnly(["index", "code", "message"])
        let index: Int? =
            try fields.nullable("index") == nil
            ? nil
            : try fields.optionalInteger("index", in: 0...Int(Int32.max))
        return NormalizationIssue(
            index: index, code: try fields.vocabulary("code", as: NormalizationIssue.Code.self),
            message: try fields.string("message"))
    }

    // MARK: - Pieces

    private func head(_ fields: BatchFields) throws(CGMError) -> (id: RecordID, provider: ProviderID, time: RecordTime)
    {
        let id = try fields.string("id")
        guard !id.isEmpty else { throw fields.failure("id", "is empty") }
        let time = RecordTime(
            instant: try fields.instant("time"),
            displayTime: try fields.optionalWallClock("displayTime"),
            utcOffsetMinutes: try fields.optionalInteger("utcOffset", in: -1439...1439))
        return (RecordID(rawValue: id), try fields.provider("provider"), time)
    }

    private func requireBatchUnit(_ fields: BatchFields) throws(CGMError) {
        guard try fields.string("unit") == unit.symbol else { throw fields.failure("unit", "is not a glucose unit") }
    }

    private func glucose(_ fields: BatchFields, _ key: String) throws(CGMError) -> GlucoseValue? {
        guard let amount = try fields.nullableNumber(key) else { return nil }
        guard amount >= 0 else { throw fields.failure(key, "is negative") }
        guard amount <= Self.largestMagnitude else { throw fields.failure(key, "is out of range") }
        return GlucoseValue(amount, unit: unit, conversion: conversion)
    }

    private func nonEmpty(_ fields: BatchFields, _ key: String) throws(CGMError) -> String? {
        guard let text = try fields.optionalString(key) else { return nil }
        guard !text.isEmpty else { throw fields.failure(key, "is empty") }
        return text
    }

    private func deviceInfo(_ fields: BatchFields) throws(CGMError) -> DeviceInfo? {
        guard let value = fields.object["device"] else { return nil }
        let device = try BatchFields(value, path: "\(fields.path).device")
        try device.requireOnly(Self.deviceInfoKeys)
        let info = DeviceInfo(
            generation: try device.optionalString("generation"),
            generationVariant: try device.optionalString("generationVariant"),
            displayDevice: try device.optionalString("displayDevice"),
            displayApp: try device.optionalString("displayApp"),
            transmitterID: try nonEmpty(device, "transmitterId"))
        // The encoder leaves an empty device out, so an empty object is not its output.
        guard !info.isEmpty else { throw fields.failure("device", "is empty") }
        return info
    }
}
