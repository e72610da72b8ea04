@_spi(AdapterSupport) import CGMKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Maps the rows of one Clarity export (``ClarityNormalizer``'s rules).
struct ClarityRowMapping {
    let table: CSVTable
    let columns: ClarityColumns
    var resolver: CachingLocalTimeResolver
    var assembler = BatchAssembler(provider: .dexcomClarity)
    /// How often each id key (the id before its `#n`) has been seen, in file order.
    var occurrences: [String: Int] = [:]

    init(table: CSVTable, columns: ClarityColumns, timeZone: TimeZone) {
        self.table = table
        self.columns = columns
        self.resolver = CachingLocalTimeResolver(timeZone: timeZone)
    }

    /// A timed row, resolved to an instant.
    struct TimedRow {
        var row: Int
        var wallClock: LocalDateTime
        var resolution: LocalTimeResolver.Resolution
        var transmitter: (id: String, time: Int64)?
    }

    enum EventType {
        case egv, calibration, insulin, carbs, exercise, health, alert, other
        case device, preamble
    }

    static func eventType(_ text: String) -> EventType {
        switch text.lowercased() {
        case "egv", "egw": .egv
        case "calibration", "kalibrierung": .calibration
        case "insulin": .insulin
        case "carbs", "kohlenhydrate": .carbs
        case "exercise", "bewegung": .exercise
        case "health", "gesundheit": .health
        case "alert", "alarm", "warnung": .alert
        case "device", "gerät": .device
        case "firstname", "lastname", "dateofbirth", "vorname", "nachname", "geburtsdatum": .preamble
        default: .other
        }
    }

    func index(_ row: Int) -> Int { row - columns.header.row }

    func issue(_ row: Int, _ code: NormalizationIssue.Code, _ message: String) -> NormalizationIssue {
        NormalizationIssue(index: index(row), code: code, message: message)
    }

    mutating func makeBatch() throws -> CGMBatch {
        let headerRow = columns.header.row
        let width = columns.header.names.count
        // Rows in file order, with the issues of rows that could not be timed in place,
        // so issues follow the file's order.
        var timed: [(TimedRow, EventType)] = []
        var early: [Int: NormalizationIssue] = [:]
        timed.reserveCapacity(table.rowCount - headerRow)
        var dataRows = 0
        for row in (headerRow + 1)..<table.rowCount where !table.isBlank(row: row) {
            // The untimed preamble does not count: a file of preamble only is no export.
            if !table.isEmpty(row: row, column: columns.timestamp) || table.isMalformed(row: row) { dataRows += 1 }
            if let problem = table.problem(row: row) {
                early[row] = issue(row, .invalidRecord, problem.message)
                continue
            }
            if table.fieldCount(row: row) > width,
                (width..<table.fieldCount(row: row)).contains(where: { !table.isEmpty(row: row, column: $0) })
            {
                early[row] = issue(row, .invalidRecord, "row has more fields than the header")
                continue
            }
            let type = Self.eventType(table.trimmed(row: row, column: columns.eventType))
            guard let range = table.trimmedRange(row: row, column: columns.timestamp) else {
                // The untimed preamble: the device row gives the device; names, birth date
                // and alert settings are never read.
                if type == .device { addDevice(row) }
                continue
            }
            guard let wallClock = ClarityTimestamp.parse(table.bytes[range]) else {
                early[row] = issue(row, .invalidTimestamp, "Timestamp is not a date and time")
                continue
            }
            var transmitter: (String, Int64)?
            if let idColumn = columns.transmitterID, let timeColumn = columns.transmitterTime,
                !table.isEmpty(row: row, column: idColumn), let time = table.integer(row: row, column: timeColumn)
            {
                // An id that cannot stand in a record id (a line break in a quoted field)
                // leaves the row without transmitter identity: it is then keyed by time.
                let id = table.trimmed(row: row, column: idColumn)
                if id.isPlainIdentifier { transmitter = (id, time) }
            }
            let resolution = resolver.resolve(wallClock)
            timed.append(
                (TimedRow(row: row, wallClock: wallClock, resolution: resolution, transmitter: transmitter), type))
        }
        guard dataRows > 0 else {
            throw CGMError(code: .notAPayload, message: "\(ClarityNormalizer.format): the file has no data rows")
        }
        disambiguate(&timed)
        assembler.reserveCapacity(readings: timed.count)
        var pending = early.sorted { $0.key < $1.key }[...]
        for (row, type) in timed {
            while let next = pending.first, next.key < row.row {
                assembler.add(next.value)
                pending = pending.dropFirst()
            }
            map(row, type)
        }
        for (_, issue) in pending { assembler.add(issue) }
        return assembler.makeBatch()
    }

    /// Places ambiguous fall-back rows by transmitter time: Transmitter Time counts
    /// seconds, so a row's instant is an unambiguous row's instant plus the difference
    /// of their transmitter times (fact sheet §6.2). The candidate nearer to that wins.
    mutating func disambiguate(_ rows: inout [(TimedRow, EventType)]) {
        guard rows.contains(where: { $0.0.resolution.kind == .ambiguous }) else { return }
        var anchors: [String: [(time: Int64, instant: Int64)]] = [:]
        for (row, _) in rows where row.resolution.kind == .unique {
            if let transmitter = row.transmitter {
                anchors[transmitter.id, default: []].append((transmitter.time, row.resolution.instant.secondsSince1970))
            }
        }
        // A transmitter with no unambiguous row: its ambiguous row with the smallest
        // Transmitter Time takes the earlier instant (SPEC §9's default) and anchors the
        // others, so a pair one hour apart in transmitter time lands an hour apart.
        var firstAmbiguous: [String: (time: Int64, instant: Int64)] = [:]
        for (row, _) in rows where row.resolution.kind == .ambiguous {
            guard let transmitter = row.transmitter, anchors[transmitter.id] == nil else { continue }
            if let known = firstAmbiguous[transmitter.id], known.time <= transmitter.time { continue }
            firstAmbiguous[transmitter.id] = (transmitter.time, row.resolution.instant.secondsSince1970)
        }
        for (id, anchor) in firstAmbiguous { anchors[id] = [anchor] }
        for key in anchors.keys { anchors[key]?.sort { $0.time < $1.time } }
        for position in rows.indices where rows[position].0.resolution.kind == .ambiguous {
            let row = rows[position].0
            guard let transmitter = row.transmitter, let list = anchors[transmitter.id], !list.isEmpty else { continue }
            var low = 0
            var high = list.count
            while low < high {
                let middle = (low + high) / 2
                if list[middle].time < transmitter.time { low = middle + 1 } else { high = middle }
            }
            let nearest = [low - 1, low].filter { list.indices.contains($0) }.min {
                abs(list[$0].time - transmitter.time) < abs(list[$1].time - transmitter.time)
            }
            guard let nearest else { continue }
            let (difference, overflow) = transmitter.time.subtractingReportingOverflow(list[nearest].time)
            guard !overflow else { continue }
            let expected = list[nearest].instant &+ difference
            let later = resolver.resolver.resolve(row.wallClock, choosing: .later)
            let earlier = row.resolution
            if abs(later.instant.secondsSince1970 - expected) < abs(earlier.instant.secondsSince1970 - expected) {
                rows[position].0.resolution = later
            }
        }
    }

    func recordTime(_ row: TimedRow) -> RecordTime {
        RecordTime(
            instant: row.resolution.instant, displayTime: row.wallClock,
            utcOffsetMinutes: row.resolution.offsetMinutes)
    }

    func text(_ row: Int, _ column: Int?) -> String? {
        guard let column, !table.isEmpty(row: row, column: column) else { return nil }
        return table.trimmed(row: row, column: column)
    }

    mutating func addDevice(_ row: Int) {
        let app = text(row, columns.deviceInfo)
        let source = text(row, columns.sourceDeviceID)
        guard app != nil || source != nil else { return }
        assembler.add(
            CGMDevice(
                provider: .dexcomClarity,
                info: DeviceInfo(
                    generation: Self.generation(app ?? source ?? ""), displayDevice: source ?? "unknown",
                    displayApp: app)))
    }

    /// `g7`, `g6`, `one+`, `one` from `Dexcom G7 Mobile App` or `iOS G7`; `unknown` otherwise.
    static func generation(_ text: String) -> String {
        let upper = text.uppercased()
        if upper.contains("ONE+") || upper.contains("D1G7") { return "one+" }
        if upper.contains("G7") { return "g7" }
        if upper.contains("G6") { return "g6" }
        if upper.contains("ONE") { return "one" }
        if upper.contains("G5") { return "g5" }
        if upper.contains("G4") { return "g4" }
        return "unknown"
    }

    mutating func map(_ row: TimedRow, _ type: EventType) {
        var row = row
        let epoch = String(row.resolution.instant.secondsSince1970)
        // The id key: `<kind>[/<subtype>]@<epoch>`, or `<epoch>` for an EGV without
        // transmitter identity. The subtype tells apart two entries of one type at one
        // time (fast- and long-acting insulin); only its letters, digits and dashes enter.
        func key(_ kind: String) -> String {
            var native = kind
            if let subtype = text(row.row, columns.eventSubtype) {
                native +=
                    "/"
                    + String(
                        subtype.unicodeScalars.filter {
                            $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-"
                        }.map(Character.init))
            }
            return native + "@" + epoch
        }
        let idKey: String? =
            switch type {
            case .egv: row.transmitter == nil ? epoch : nil
            case .calibration: key("calibration")
            case .insulin: key("insulin")
            case .carbs: key("carbs")
            case .exercise: key("exercise")
            case .health: key("health")
            case .alert: key("alert")
            case .device, .preamble, .other: nil
            }
        // The n-th row with one id key (file order) is `#n`, as in LibreView: two carb
        // entries at one minute are two records. A repeat of an ambiguous fall-back wall
        // clock without transmitter time is the later instant.
        var native = idKey ?? ""
        if let idKey {
            let occurrence = (occurrences[idKey] ?? 0) + 1
            occurrences[idKey] = occurrence
            if occurrence > 1 {
                native += "#\(occurrence)"
                if row.transmitter == nil, row.resolution.kind == .ambiguous {
                    row.resolution = resolver.resolver.resolve(row.wallClock, choosing: .later)
                }
            }
        }
        let time = recordTime(row)
        let recordID = RecordID(provider: .dexcomClarity, nativeID: native)
        switch type {
        case .egv:
            mapReading(row, time: time, native: native)
        case .calibration:
            guard let value = table.decimal(row: row.row, column: columns.glucose) else {
                assembler.add(
                    table.isEmpty(row: row.row, column: columns.glucose)
                        ? issue(row.row, .missingField, "Glucose Value is missing")
                        : issue(row.row, .invalidValue, "Glucose Value is not a number"))
                return
            }
            let glucose = GlucoseValue(value, unit: columns.glucoseUnit)
            guard GlucoseValue.meterRangeMilligramsPerDeciliter.contains(glucose.milligramsPerDeciliter) else {
                assembler.add(issue(row.row, .invalidValue, "Glucose Value is outside what a meter reads"))
                return
            }
            assembler.add(
                Calibration(id: recordID, provider: .dexcomClarity, time: time, glucose: glucose),
                index: index(row.row))
        case .insulin:
            mapEvent(row, time: time, id: recordID, kind: .insulin, column: columns.insulin, unit: .insulinUnits)
        case .carbs:
            mapEvent(row, time: time, id: recordID, kind: .carbs, column: columns.carbs, unit: .grams)
        case .exercise:
            var event = CGMEvent(
                id: recordID, provider: .dexcomClarity, time: time, kind: .exercise,
                subtype: text(row.row, columns.eventSubtype))
            if let duration = text(row.row, columns.duration) {
                guard let minutes = ClarityTimestamp.minutes(duration) else {
                    assembler.add(issue(row.row, .invalidValue, "Duration is not hh:mm:ss"))
                    return
                }
                event.value = minutes
                event.unit = .minutes
            }
            assembler.add(event, index: index(row.row))
        case .health:
            assembler.add(
                CGMEvent(
                    id: recordID, provider: .dexcomClarity, time: time, kind: .health,
                    subtype: text(row.row, columns.eventSubtype)),
                index: index(row.row))
        case .alert:
            assembler.add(
                DeviceAlert(
                    id: recordID, provider: .dexcomClarity, time: time,
                    name: text(row.row, columns.eventSubtype) ?? "unknown", state: "triggered"),
                index: index(row.row))
        case .device, .preamble, .other:
            assembler.add(issue(row.row, .unsupportedRecord, "Event Type is not one CGMKit reads"))
        }
    }

    mutating func mapEvent(
        _ row: TimedRow, time: RecordTime, id: RecordID, kind: CGMEvent.Kind, column: Int?, unit: CGMEvent.Unit
    ) {
        var event = CGMEvent(
            id: id, provider: .dexcomClarity, time: time, kind: kind, subtype: text(row.row, columns.eventSubtype))
        if let column, !table.isEmpty(row: row.row, column: column) {
            guard let value = table.decimal(row: row.row, column: column), value >= 0 else {
                assembler.add(
                    issue(row.row, .invalidValue, "\(kind == .insulin ? "Insulin" : "Carb") Value is not a number"))
                return
            }
            event.value = value
            event.unit = unit
        }
        assembler.add(event, index: index(row.row))
    }

    mutating func mapReading(_ row: TimedRow, time: RecordTime, native: String) {
        let status: ReadingStatus
        let glucose: GlucoseValue
        let valueColumn = columns.glucose
        if table.field(row: row.row, column: valueColumn, equals: "Low")
            || table.field(row: row.row, column: valueColumn, equals: "Niedrig")
        {
            status = .belowRange
            glucose = GlucoseValue(milligramsPerDeciliter: 40)
        } else if table.field(row: row.row, column: valueColumn, equals: "High")
            || table.field(row: row.row, column: valueColumn, equals: "Hoch")
        {
            status = .aboveRange
            glucose = GlucoseValue(milligramsPerDeciliter: 400)
        } else if let value = table.decimal(row: row.row, column: valueColumn) {
            let measured = GlucoseValue(value, unit: columns.glucoseUnit)
            let mgdl = measured.milligramsPerDeciliter
            guard mgdl > 0 else {
                assembler.add(issue(row.row, .invalidValue, "Glucose Value is not a positive number"))
                return
            }
            guard measured.isMeasurable else {
                assembler.add(issue(row.row, .invalidValue, "Glucose Value is above what any sensor measures"))
                return
            }
            switch mgdl {
            case ..<39.5:
                (status, glucose) = (.belowRange, GlucoseValue(milligramsPerDeciliter: 40))
            case ...400.5:
                (status, glucose) = (.ok, measured)
            default:
                (status, glucose) = (.aboveRange, GlucoseValue(milligramsPerDeciliter: 400))
            }
        } else {
            assembler.add(
                table.isEmpty(row: row.row, column: valueColumn)
                    ? issue(row.row, .missingField, "Glucose Value is missing")
                    : issue(row.row, .invalidValue, "Glucose Value is neither a number nor Low or High"))
            return
        }
        var rate: GlucoseRate?
        var warning: NormalizationIssue?
        if let column = columns.rateOfChange, !table.isEmpty(row: row.row, column: column) {
            if let value = table.decimal(row: row.row, column: column) {
                rate = GlucoseRate(value, unitPerMinute: columns.glucoseUnit)
            } else {
                warning = issue(row.row, .invalidValue, "Glucose Rate of Change is not a number")
            }
        }
        let native = row.transmitter.map { "\($0.id):\($0.time)" } ?? native
        let reading = GlucoseReading(
            id: RecordID(provider: .dexcomClarity, nativeID: native), provider: .dexcomClarity, time: time,
            glucose: glucose, status: status, trend: .unknown, trendRate: rate)
        if let warning { assembler.add(warning) }
        assembler.add(reading, index: index(row.row))
    }
}
