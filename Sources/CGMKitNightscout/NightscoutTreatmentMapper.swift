@_spi(AdapterSupport) import CGMKit

/// Maps one `/api/v1/treatments` element to one or more events.
///
/// A treatment can carry several things at once (a `Meal Bolus` has `carbs` and
/// `insulin`, a `BG Check` a `glucose`), while a unified event holds one value, so
/// each becomes its own event with the id `nightscout:<_id>#<part>`: `#insulin`,
/// `#carbs`, `#glucose`, `#exercise`. A treatment with none of these becomes one
/// event `#event`: a note for `Note`, `Announcement` and `Question`, else kind
/// `unknown` with the `eventType` as subtype (`Site Change`, `Temp Basal`, …).
/// `notes` is the text of every part; `eventType` their subtype. Time is
/// `created_at`, else `timestamp`, `date` or `mills`. `isValid: false` (API v3's
/// soft delete) gives status `deleted`.
enum NightscoutTreatmentMapper {
    static func map(_ record: inout RecordReader) throws(SkippedRecord) -> [CGMEvent] {
        guard
            let time = NightscoutTime.recordTime(
                &record, epochKeys: ["timestamp", "date", "mills"],
                isoKeys: ["created_at", "timestamp"])
        else {
            throw record.skip(.invalidTimestamp, "created_at, timestamp, date and mills are all missing or invalid")
        }
        let eventType = record.string("eventType")
        let native = record.nativeID(type: "treatment", instant: time.instant)
        var status = CGMEvent.Status.created
        if case .bool(false)? = record.value("isValid") { status = .deleted }
        let notes = record.string("notes")
        func event(
            _ part: String, _ kind: CGMEvent.Kind, value: Double? = nil, unit: CGMEvent.Unit? = nil,
            glucose: GlucoseValue? = nil
        ) -> CGMEvent {
            CGMEvent(
                id: RecordID(provider: .nightscout, nativeID: "\(native)#\(part)"), provider: .nightscout, time: time,
                kind: kind, subtype: eventType, value: value, unit: unit, glucose: glucose, text: notes,
                status: status, device: record.string("enteredBy").map { DeviceInfo(displayApp: $0) })
        }
        var events: [CGMEvent] = []
        if let insulin = amount(&record, "insulin", upTo: 1_000) {
            events.append(event("insulin", .insulin, value: insulin, unit: .insulinUnits))
        }
        if let carbs = amount(&record, "carbs", upTo: 10_000) {
            events.append(event("carbs", .carbs, value: carbs, unit: .grams))
        }
        var rejectedGlucose: NormalizationIssue?
        switch glucose(&record) {
        case .absent: break
        case .kept(let glucose): events.append(event("glucose", .bloodGlucose, glucose: glucose))
        case .rejected(let issue): rejectedGlucose = issue
        }
        if eventType == "Exercise" {
            events.append(
                event("exercise", .exercise, value: amount(&record, "duration", upTo: 10_000), unit: .minutes))
        }
        if events.isEmpty, let rejectedGlucose {
            // A BG Check whose only value cannot be kept is skipped with that one issue.
            throw SkippedRecord(issue: rejectedGlucose)
        }
        if let rejectedGlucose { record.warnings.append(rejectedGlucose) }
        if events.isEmpty {
            let isNote = ["Note", "Announcement", "Question"].contains(eventType ?? "")
            if eventType == nil && notes == nil {
                throw record.skip(.missingField, "eventType is missing and the treatment carries nothing to keep")
            }
            events.append(event("event", isNote || eventType == nil ? .note : .unknown))
        }
        return events
    }

    /// A positive amount under `key`, else `nil` (0 and missing mean "none").
    static func amount(_ record: inout RecordReader, _ key: String, upTo limit: Double) -> Double? {
        guard record.value(key) != nil else { return nil }
        guard let value = record.number(key).value, value >= 0, value <= limit else {
            record.warn(.invalidValue, "\(key) is not a number in a sensible range")
            return nil
        }
        return value > 0 ? value : nil
    }

    /// What became of a treatment's `glucose`.
    enum Glucose {
        /// No `glucose` (or 0).
        case absent
        /// A meter value, possibly with an inferred unit (then a warning was added).
        case kept(GlucoseValue)
        /// Not kept, for the reason the issue gives.
        case rejected(NormalizationIssue)
    }

    /// `glucose` in `units` (`mg/dl` or `mmol`), as a meter value (10–600 mg/dL,
    /// `GlucoseValue.meterRangeMilligramsPerDeciliter`).
    ///
    /// Without `units` (or with units CGMKit does not know) the unit is inferred when
    /// only one reading is possible: a value above 33.3 can only be mg/dL (no meter
    /// reads above 33.3 mmol/L) and one below 10 only mmol/L (no meter reads below
    /// 10 mg/dL). The value is then kept with a warning (`missingField`, or
    /// `invalidValue` for unknown units). A value from 10 to 33.3 fits both units
    /// and is not kept. A value outside what a meter reads in its unit (`40` with
    /// `units: "mmol"` would be 720 mg/dL) is not kept either (`invalidValue`):
    /// SPEC §2.2's plausibility bound.
    static func glucose(_ record: inout RecordReader) -> Glucose {
        guard record.value("glucose") != nil else { return .absent }
        guard let value = record.number("glucose").value, value >= 0 else {
            return .rejected(record.issue(.invalidValue, "glucose is not a number in a sensible range"))
        }
        guard value > 0 else { return .absent }
        let meter = GlucoseValue.meterRangeMilligramsPerDeciliter
        let stated: GlucoseUnit?
        let unitsCode: NormalizationIssue.Code
        switch record.string("units")?.lowercased() {
        case "mg/dl", "mgdl", "mg":
            stated = .milligramsPerDeciliter
            unitsCode = .invalidValue
        case "mmol", "mmol/l", "mmoll":
            stated = .millimolesPerLiter
            unitsCode = .invalidValue
        case nil:
            stated = nil
            unitsCode = .missingField
        default:
            stated = nil
            unitsCode = .invalidValue
        }
        if let stated {
            let glucose = GlucoseValue(value, unit: stated)
            guard meter.contains(glucose.milligramsPerDeciliter) else {
                return .rejected(
                    record.issue(.invalidValue, "glucose in its stated units is outside what a meter reads"))
            }
            return .kept(glucose)
        }
        let asMilligrams = GlucoseValue(milligramsPerDeciliter: value)
        let asMillimoles = GlucoseValue(millimolesPerLiter: value)
        let unitsProblem = unitsCode == .missingField ? "glucose has no units" : "units is not a unit CGMKit knows"
        switch (
            meter.contains(asMilligrams.milligramsPerDeciliter), meter.contains(asMillimoles.milligramsPerDeciliter)
        ) {
        case (true, false):
            record.warn(
                unitsCode,
                "\(unitsProblem); milligrams per decilitre were inferred, the only unit a meter could read it in")
            return .kept(asMilligrams)
        case (false, true):
            record.warn(
                unitsCode, "\(unitsProblem); millimoles per litre were inferred, the only unit a meter could read it in"
            )
            return .kept(asMillimoles)
        case (true, true):
            return .rejected(
                record.issue(
                    unitsCode, "\(unitsProblem) and its value fits both units a meter reads in; it was not kept"))
        case (false, false):
            return .rejected(record.issue(.invalidValue, "glucose is outside what a meter reads in either unit"))
        }
    }
}
