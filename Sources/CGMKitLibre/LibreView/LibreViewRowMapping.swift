@_spi(AdapterSupport) import CGMKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Maps the rows of one LibreView export (``LibreViewNormalizer``'s rules).
struct LibreViewRowMapping {
    let table: CSVTable
    let columns: LibreViewColumns
    var resolver: CachingLocalTimeResolver
    var assembler = BatchAssembler(provider: .libreView)

    init(table: CSVTable, columns: LibreViewColumns, timeZone: TimeZone) {
        self.table = table
        self.columns = columns
        self.resolver = CachingLocalTimeResolver(timeZone: timeZone)
    }

    /// A data row whose timestamp and record type were read.
    struct DataRow {
        var row: Int
        var stamp: LibreViewTimestamp
        var recordType: Int64
        /// The row's serial, as an index into the file's serials.
        var serial: Int
    }

    /// What makes a row's id before its repeat number: serial, record type, wall clock.
    struct OccurrenceKey: Hashable {
        var serial: Int
        var recordType: Int64
        var wallClock: Int64
    }

    func index(_ row: Int) -> Int { row - columns.header.row }

    func issue(_ row: Int, _ code: NormalizationIssue.Code, _ message: String) -> NormalizationIssue {
        NormalizationIssue(index: index(row), code: code, message: message)
    }

    func text(_ row: Int, _ column: Int?) -> String? {
        guard let column, !table.isEmpty(row: row, column: column) else { return nil }
        return table.trimmed(row: row, column: column)
    }

    mutating func makeBatch(dateOrder: LibreViewDateOrder?) throws -> CGMBatch {
        let headerRow = columns.header.row
        let width = columns.header.names.count
        var rows: [DataRow] = []
        rows.reserveCapacity(table.rowCount - headerRow)
        var evidence = LibreViewTimestamp.Evidence()
        var dataRows = 0
        var serials: [(serial: String, device: String)] = []
        var serialIndices: [String: Int] = [:]
        var lastSerial: (range: Range<Int>, index: Int)?
        // Issues of rows that could not be read, emitted in file order with the others.
        var early: [Int: NormalizationIssue] = [:]
        for row in (headerRow + 1)..<table.rowCount where !table.isBlank(row: row) {
            dataRows += 1
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
            // Rows come grouped by serial: a serial equal to the previous row's costs no
            // decoding and no hashing.
            guard let serialRange = table.trimmedRange(row: row, column: columns.serial) else {
                early[row] = issue(row, .missingField, "Serial Number is missing")
                continue
            }
            let serialIndex: Int
            if let last = lastSerial, table.bytes[last.range].elementsEqual(table.bytes[serialRange]) {
                serialIndex = last.index
            } else {
                let serial = table.trimmed(row: row, column: columns.serial)
                guard serial.isPlainIdentifier else {
                    early[row] = issue(row, .invalidValue, "Serial Number holds a control character or is too long")
                    continue
                }
                if let known = serialIndices[serial] {
                    serialIndex = known
                } else {
                    serialIndex = serials.count
                    serialIndices[serial] = serialIndex
                    serials.append((serial, text(row, columns.device) ?? "unknown"))
                }
                lastSerial = (serialRange, serialIndex)
            }
            guard let range = table.trimmedRange(row: row, column: columns.timestamp) else {
                early[row] = issue(row, .invalidTimestamp, "Device Timestamp is missing")
                continue
            }
            guard let stamp = LibreViewTimestamp(table.bytes[range]) else {
                early[row] = issue(row, .invalidTimestamp, "Device Timestamp is not a date and time")
                continue
            }
            guard let recordType = table.integer(row: row, column: columns.recordType) else {
                early[row] = issue(row, .invalidValue, "Record Type is not a whole number")
                continue
            }
            evidence.note(stamp)
            rows.append(DataRow(row: row, stamp: stamp, recordType: recordType, serial: serialIndex))
        }
        guard dataRows > 0 else {
            throw CGMError(code: .notAPayload, message: "\(LibreViewNormalizer.format): the file has no data rows")
        }
        let order: LibreViewDateOrder
        if let dateOrder {
            order = dateOrder
        } else {
            switch evidence.inferred {
            case .some(.some(let inferred)): order = inferred
            case .none: order = .dayFirst  // every date is year-first or has day = month: both orders agree
            case .some(.none):
                throw CGMError(
                    code: .notAPayload,
                    message: "the Device Timestamp dates could be month-first or day-first; "
                        + "pass --date-order mdy or --date-order dmy")
            }
        }
        for (serial, name) in serials.sorted(by: { $0.serial < $1.serial }) {
            assembler.add(
                CGMDevice(
                    provider: .libreView,
                    info: DeviceInfo(generation: Self.generation(name), displayDevice: name, transmitterID: serial)))
        }
        assembler.reserveCapacity(readings: rows.count)
        var occurrences: [OccurrenceKey: Int] = [:]
        occurrences.reserveCapacity(rows.count)
        var pending = early.sorted { $0.key < $1.key }[...]
        for row in rows {
            while let next = pending.first, next.key < row.row {
                assembler.add(next.value)
                pending = pending.dropFirst()
            }
            guard let wallClock = row.stamp.wallClock(order) else {
                assembler.add(issue(row.row, .invalidTimestamp, "Device Timestamp is not a real date"))
                continue
            }
            let key = OccurrenceKey(
                serial: row.serial, recordType: row.recordType, wallClock: wallClock.millisecondsSince1970AsUTC)
            let occurrence = (occurrences[key] ?? 0) + 1
            occurrences[key] = occurrence
            var native = serials[row.serial].serial + ":" + String(row.recordType) + "@" + wallClock.iso8601
            if occurrence > 1 { native += "#\(occurrence)" }
            let resolution = resolver.resolve(wallClock, choosing: occurrence > 1 ? .later : .earlier)
            let time = RecordTime(
                instant: resolution.instant, displayTime: wallClock, utcOffsetMinutes: resolution.offsetMinutes)
            map(row, id: RecordID(provider: .libreView, nativeID: native), time: time)
        }
        for (_, issue) in pending { assembler.add(issue) }
        return assembler.makeBatch()
    }

    /// `libre3`, `libre2` or `libre` from the `Device` column (`FreeStyle Libre 3`,
    /// `FreeStyle LibreLink`, `Libre app`).
    static func generation(_ device: String) -> String {
        if device.contains("Libre 3") { return "libre3" }
        if device.contains("Libre 2") { return "libre2" }
        return "libre"
    }

    /// A glucose value of `column` (in `unit`), or the one issue that skips the row.
    func glucose(_ row: Int, _ column: Int?, unit: GlucoseUnit, name: String) -> Result<GlucoseValue, SkippedRecord> {
        guard let column, !table.isEmpty(row: row, column: column) else {
            return .failure(SkippedRecord(issue: issue(row, .missingField, "\(name) is missing")))
        }
        guard let number = table.decimal(row: row, column: column), number > 0 else {
            return .failure(SkippedRecord(issue: issue(row, .invalidValue, "\(name) is not a positive number")))
        }
        let value = GlucoseValue(number, unit: unit)
        guard value.isMeasurable else {
            return .failure(
                SkippedRecord(issue: issue(row, .invalidValue, "\(name) is above what any sensor or meter measures")))
        }
        return .success(value)
    }

    mutating func map(_ data: DataRow, id: RecordID, time: RecordTime) {
        let row = data.row
        func event(_ kind: CGMEvent.Kind) -> CGMEvent {
            CGMEvent(id: id, provider: .libreView, time: time, kind: kind)
        }
        switch data.recordType {
        case 0:
            switch glucose(row, columns.historic, unit: columns.historicUnit, name: "Historic Glucose") {
            case .failure(let skipped): assembler.add(skipped.issue)
            case .success(let value):
                let (status, glucose) = Self.classify(
                    value, written: table.decimal(row: row, column: columns.historic) ?? 0, unit: columns.historicUnit)
                assembler.add(
                    GlucoseReading(
                        id: id, provider: .libreView, time: time, glucose: glucose, status: status, trend: .unknown),
                    index: index(row))
            }
        case 1, 2:
            let isScan = data.recordType == 1
            let column = isScan ? columns.scan : columns.strip
            let name = isScan ? "Scan Glucose" : "Strip Glucose"
            switch glucose(row, column?.index, unit: column?.unit ?? columns.historicUnit, name: name) {
            case .failure(let skipped): assembler.add(skipped.issue)
            case .success(let value):
                var scan = event(isScan ? .sensorScan : .bloodGlucose)
                scan.glucose = value
                assembler.add(scan, index: index(row))
            }
        case 3:
            guard let column = columns.ketone, !table.isEmpty(row: row, column: column) else {
                assembler.add(issue(row, .missingField, "Ketone is missing"))
                return
            }
            guard let value = table.decimal(row: row, column: column), value >= 0, value < 100 else {
                assembler.add(issue(row, .invalidValue, "Ketone is not a number in range"))
                return
            }
            var ketone = event(.ketone)
            ketone.value = value
            ketone.unit = .millimolesPerLiter
            assembler.add(ketone, index: index(row))
        case 4:
            mapInsulin(row, event(.insulin))
        case 5:
            var carbs = event(.carbs)
            if let column = columns.grams, !table.isEmpty(row: row, column: column) {
                guard let value = table.decimal(row: row, column: column), value >= 0 else {
                    assembler.add(issue(row, .invalidValue, "Carbohydrates (grams) is not a number"))
                    return
                }
                carbs.value = value
                carbs.unit = .grams
            } else if text(row, columns.servings) != nil {
                carbs.subtype = "servings"
            }
            assembler.add(carbs, index: index(row))
        case 6:
            var note = event(.note)
            note.text = columns.notes.flatMap {
                table.isEmpty(row: row, column: $0) ? nil : table.string(row: row, column: $0)
            }
            assembler.add(note, index: index(row))
        default:
            assembler.add(issue(row, .unsupportedRecord, "Record Type is not one CGMKit reads"))
        }
    }

    mutating func mapInsulin(_ row: Int, _ base: CGMEvent) {
        var insulin = base
        func amount(_ column: Int?) -> Double?? {
            guard let column, !table.isEmpty(row: row, column: column) else { return .none }
            guard let value = table.decimal(row: row, column: column), value >= 0 else { return .some(nil) }
            return value
        }
        let rapid = amount(columns.rapid)
        let long = amount(columns.long)
        let extras = columns.extraInsulin.map(amount)
        if case .some(.none) = rapid {
            assembler.add(issue(row, .invalidValue, "Rapid-Acting Insulin is not a number"))
            return
        }
        if case .some(.none) = long {
            assembler.add(issue(row, .invalidValue, "Long-Acting Insulin is not a number"))
            return
        }
        if extras.contains(where: { if case .some(.none) = $0 { true } else { false } }) {
            assembler.add(issue(row, .invalidValue, "Meal, Correction or User Change Insulin is not a number"))
            return
        }
        let extraTotal = extras.compactMap { $0 ?? nil }
        if case .some(.some(let value)) = rapid {
            insulin.subtype = "rapid"
            insulin.value = value
        } else if case .some(.some(let value)) = long {
            insulin.subtype = "long"
            insulin.value = value
        } else if !extraTotal.isEmpty {
            insulin.subtype = "rapid"
            insulin.value = extraTotal.reduce(0, +)
        } else if text(row, columns.nonNumericRapid) != nil {
            insulin.subtype = "rapid"
        } else if text(row, columns.nonNumericLong) != nil {
            insulin.subtype = "long"
        } else {
            assembler.add(issue(row, .missingField, "no insulin column holds a value"))
            return
        }
        if insulin.value != nil { insulin.unit = .insulinUnits }
        assembler.add(insulin, index: index(row))
        // A row with a rapid-acting and a long-acting amount (the fact sheet §5.2 says
        // they are logged as separate rows, but a hand-edited file may join them) gives
        // a second event for the long-acting dose, id `<row id>/long`: nothing is dropped.
        if insulin.subtype == "rapid", case .some(.some(let value)) = long {
            var basal = base
            basal.id = RecordID(rawValue: base.id.rawValue + "/long")
            basal.subtype = "long"
            basal.value = value
            basal.unit = .insulinUnits
            assembler.add(basal, index: index(row))
        }
    }

    /// LibreView writes LO as the floor (40 mg/dL, 2.2 mmol/L) and HI as the ceiling
    /// (500, 27.8), with no flag (fact sheet §5.4): at or beyond them the reading is out
    /// of range at Libre's limit.
    static func classify(_ value: GlucoseValue, written: Double, unit: GlucoseUnit) -> (ReadingStatus, GlucoseValue) {
        let (floor, ceiling) = unit == .millimolesPerLiter ? (2.2, 27.8) : (40.0, 500.0)
        if written <= floor { return (.belowRange, GlucoseValue(milligramsPerDeciliter: 40)) }
        if written >= ceiling { return (.aboveRange, GlucoseValue(milligramsPerDeciliter: 500)) }
        return (.ok, value)
    }
}
