@_spi(AdapterSupport) import CGMKit

/// Normalizes LibreLinkUp follower answers (`librelinkup`), per SPEC §8.
///
/// Answers read (fact sheet `librelinkup.md` §1.5–§1.7, §2):
/// - **graph** (`/llu/connections/{patientId}/graph`): `data.connection.glucoseMeasurement`
///   (or `glucoseItem` when it is absent) is the current reading, the one with a
///   `TrendArrow`; `data.graphData[]` are about 12 hours of 5-minute history without
///   arrows. A current reading and a graph point at the same instant are one reading:
///   the one with an arrow wins, with no issue.
/// - **logbook** (`/llu/connections/{patientId}/logbook`): entries with `alarmType` become
///   alerts (`name` `low` for 1, `high` for 2, the number as text otherwise; `state`
///   `triggered`), plus a reading when the entry has a value; other entries are readings.
/// - **connections** (`/llu/connections`): the current reading of one connection. A list
///   of several patients is refused naming the count unless ``connectionIndex`` picks one.
///
/// Every reading is mapped by the rules of `LibreLinkUpGlucoseItem` (time from
/// `FactoryTimestamp`, `ValueInMgPerDl`, LO/HI, `TrendArrow`). The device comes from the
/// sensor's `pt` (`libre2` for 3, `libre3` for 4, else `libre` + the number as sent),
/// with `displayApp` `LibreLinkUp`; the sensor serial, names and ids are never copied.
///
/// Issue indexes are positions in `graphData` or in the logbook array; an issue about the
/// current reading, which is in no array, has a `null` index.
public struct LibreLinkUpNormalizer: PayloadNormalizer {
    /// `librelinkup`.
    public let provider: ProviderID = .libreLinkUp
    /// The JSON reader, with its limits.
    public var reader: JSONReader
    /// Which connection of a `/llu/connections` list with several patients to read
    /// (0-based, in the answer's order); `nil` refuses such a list.
    public var connectionIndex: Int?

    /// Creates a normalizer.
    public init(reader: JSONReader = JSONReader(), connectionIndex: Int? = nil) {
        self.reader = reader
        self.connectionIndex = connectionIndex
    }

    /// Normalizes one answer body.
    ///
    /// - Throws: `CGMError` `notAPayload` (not JSON, not the envelope, a login answer, a
    ///   connections list with several patients and no ``connectionIndex``),
    ///   `vendorErrorBody` (a non-zero `status`), `invalidArgument` (a ``connectionIndex``
    ///   out of range) or `limitExceeded`.
    public func normalize(_ payload: [UInt8]) throws -> CGMBatch {
        try normalize(try reader.readPayload(payload))
    }

    /// Normalizes an already parsed answer.
    ///
    /// - Throws: what ``normalize(_:)-([UInt8])`` throws, except `limitExceeded`.
    public func normalize(_ document: JSONValue) throws -> CGMBatch {
        let data = try LibreLinkUpEnvelope.data(of: document)
        if let object = data.objectValue {
            if object.contains("graphData") || object.contains("connection") || object.contains("activeSensors") {
                return graph(object)
            }
            if object.contains("redirect") || object.contains("authTicket") || object.contains("user") {
                throw CGMError(
                    code: .notAPayload, message: "payload is a LibreLinkUp login answer, not glucose data")
            }
            throw CGMError(
                code: .notAPayload, message: "the LibreLinkUp data object is neither a graph nor a connection")
        }
        guard let array = data.arrayValue else {
            throw CGMError(
                code: .notAPayload, message: "the LibreLinkUp data is a JSON \(data.kindName), not an object or array")
        }
        if array.contains(where: { $0.objectValue?.contains("patientId") == true }) {
            return try connections(array)
        }
        return logbook(array)
    }

    // MARK: - Answers

    private func graph(_ data: JSONObject) -> CGMBatch {
        var assembler = BatchAssembler(provider: provider)
        let connection = data["connection"]?.objectValue
        let sensor = Self.sensor(connection: connection, activeSensors: data["activeSensors"])
        let deviceInfo = sensor.map(Self.deviceInfo)
        if let deviceInfo { assembler.add(CGMDevice(provider: provider, info: deviceInfo)) }

        var current = connection.flatMap { Self.currentItem(of: $0) }.map { mapCurrent($0, device: deviceInfo) }
        if let points = data["graphData"]?.arrayValue {
            for (index, element) in points.enumerated() {
                guard let object = assembler.recordObject(element, at: index) else { continue }
                var record = RecordReader(object: object, index: index)
                do throws(SkippedRecord) {
                    let reading = try LibreLinkUpGlucoseItem.reading(&record, device: deviceInfo)
                    // A graph point at the current reading's instant is that reading: the one
                    // with an arrow is kept (the current one, in every capture), with no issue.
                    if let currentReading = current?.reading, currentReading.id == reading.id {
                        guard reading.trend != .unknown, currentReading.trend == .unknown else { continue }
                        current?.reading = nil
                    }
                    assembler.add(reading, from: record)
                } catch {
                    assembler.add(error.issue)
                }
            }
        }
        if let current { Self.add(current, to: &assembler) }
        return assembler.makeBatch()
    }

    private func connections(_ list: [JSONValue]) throws -> CGMBatch {
        let chosen: Int
        if let connectionIndex {
            guard list.indices.contains(connectionIndex) else {
                throw CGMError(
                    code: .invalidArgument,
                    message: "the connection index is outside the \(list.count) connections of the answer")
            }
            chosen = connectionIndex
        } else {
            guard list.count == 1 else {
                throw CGMError(
                    code: .notAPayload,
                    message:
                        "the LibreLinkUp connections answer lists \(list.count) patients; choose one by its index (connectionIndex; cgm normalize --connection N)"
                )
            }
            chosen = 0
        }
        var assembler = BatchAssembler(provider: provider)
        guard let connection = list[chosen].objectValue else {
            assembler.add(
                NormalizationIssue(index: chosen, code: .invalidRecord, message: "connection is not an object"))
            return assembler.makeBatch()
        }
        let deviceInfo = Self.sensor(connection: connection, activeSensors: nil).map(Self.deviceInfo)
        if let deviceInfo { assembler.add(CGMDevice(provider: provider, info: deviceInfo)) }
        if let item = Self.currentItem(of: connection) {
            Self.add(mapCurrent(item, device: deviceInfo), to: &assembler)
        }
        return assembler.makeBatch()
    }

    private func logbook(_ entries: [JSONValue]) -> CGMBatch {
        var assembler = BatchAssembler(provider: provider)
        for (index, element) in entries.enumerated() {
            guard let object = assembler.recordObject(element, at: index) else { continue }
            var record = RecordReader(object: object, index: index)
            do throws(SkippedRecord) {
                let time = try LibreLinkUpGlucoseItem.time(&record)
                guard let alarm = record.value("alarmType") else {
                    let reading = try LibreLinkUpGlucoseItem.reading(&record, time: time, device: nil)
                    assembler.add(reading, from: record)
                    continue
                }
                guard let name = Self.alarmName(alarm) else {
                    throw record.skip(.invalidValue, "alarmType is not a number")
                }
                var reading: GlucoseReading?
                if LibreLinkUpGlucoseItem.hasGlucose(record) {
                    // The alarm stands without its value: a bad value is a warning here.
                    var valueRecord = RecordReader(object: object, index: index)
                    do throws(SkippedRecord) {
                        reading = try LibreLinkUpGlucoseItem.reading(&valueRecord, time: time, device: nil)
                        record.warnings += valueRecord.warnings
                    } catch {
                        record.warnings.append(error.issue)
                    }
                }
                let alert = DeviceAlert(
                    id: LibreLinkUpGlucoseItem.id(time), provider: provider, time: time, name: name,
                    state: "triggered")
                assembler.add(alert, from: record)
                if let reading { assembler.add(reading, index: index) }
            } catch {
                assembler.add(error.issue)
            }
        }
        return assembler.makeBatch()
    }

    // MARK: - Parts

    /// A mapped current reading, or its skip, with the record's warnings.
    private struct Current {
        var reading: GlucoseReading?
        var issues: [NormalizationIssue]
    }

    /// The current reading; issues about it have no index (it is in no array).
    private func mapCurrent(_ item: JSONValue, device: DeviceInfo?) -> Current {
        guard let object = item.objectValue, !object.hasDuplicateKeys else {
            return Current(
                reading: nil,
                issues: [
                    NormalizationIssue(
                        index: nil, code: .invalidRecord, message: "glucoseMeasurement is not a valid object")
                ])
        }
        var record = RecordReader(object: object, index: 0)
        do throws(SkippedRecord) {
            let reading = try LibreLinkUpGlucoseItem.reading(&record, device: device)
            return Current(reading: reading, issues: record.warnings.map(Self.unindexed))
        } catch {
            return Current(reading: nil, issues: [Self.unindexed(error.issue)])
        }
    }

    private static func add(_ current: Current, to assembler: inout BatchAssembler) {
        for issue in current.issues { assembler.add(issue) }
        if let reading = current.reading { assembler.add(reading, index: nil) }
    }

    private static func unindexed(_ issue: NormalizationIssue) -> NormalizationIssue {
        NormalizationIssue(index: nil, code: issue.code, message: "glucoseMeasurement: " + issue.message)
    }

    /// `glucoseMeasurement`, else `glucoseItem` (a byte-identical copy in every capture).
    static func currentItem(of connection: JSONObject) -> JSONValue? {
        for key in ["glucoseMeasurement", "glucoseItem"] {
            if let item = connection[key], !item.isNull { return item }
        }
        return nil
    }

    /// The sensor: `connection.sensor`, else the first of `activeSensors` (which LLU 4.12
    /// sometimes leaves empty, and the reverse).
    static func sensor(connection: JSONObject?, activeSensors: JSONValue?) -> JSONObject? {
        if let sensor = connection?["sensor"]?.objectValue { return sensor }
        for entry in activeSensors?.arrayValue ?? [] {
            if let sensor = entry.objectValue?["sensor"]?.objectValue { return sensor }
        }
        return nil
    }

    /// The device of a sensor: `generation` from `pt`, `displayApp` `LibreLinkUp`.
    static func deviceInfo(_ sensor: JSONObject) -> DeviceInfo {
        DeviceInfo(generation: generation(productType: sensor["pt"]), displayApp: "LibreLinkUp")
    }

    /// `libre2` for `pt` 3, `libre3` for 4, else `libre` + the number as sent (`libre` when absent
    /// or longer than ``maximumCodeLength``).
    static func generation(productType: JSONValue?) -> String {
        guard let number = productType?.numberValue else { return "libre" }
        switch number.doubleValue {
        case 3: return "libre2"
        case 4: return "libre3"
        default: return number.text.utf8.count <= maximumCodeLength ? "libre" + number.text : "libre"
        }
    }

    /// `low` for 1, `high` for 2, the number as text otherwise (`unknown` beyond
    /// ``maximumCodeLength``); `nil` when not a number.
    static func alarmName(_ value: JSONValue) -> String? {
        guard let number = value.numberValue else { return nil }
        switch number.doubleValue {
        case 1: return "low"
        case 2: return "high"
        default: return number.text.utf8.count <= maximumCodeLength ? number.text : "unknown"
        }
    }

    /// The longest number text copied into a generation or an alert name.
    static let maximumCodeLength = 8
}
