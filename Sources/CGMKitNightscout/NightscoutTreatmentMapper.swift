import CGMKit

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
    static func map(_ record: inout NightscoutRecord) throws(SkippedRecord) -> [CGMEvent] {
        guard let time = NightscoutTime.recordTime(&record, epochKeys: ["timestamp", "date", "mills"],
                                                   isoKeys: ["created_at", "timestamp"]) else {
            throw record.skip(.invalidTimestamp, "created_at, timestamp, date and mills are all missing or invalid")
        }
        let eventType = record.string("eventType")
        let native = record.nativeID(type: "treatment", instant: time.instant)
        var status = CGMEvent.Status.created
        if case .bool(false)? = record.value("isValid") { status = .deleted }
        let notes = record.string("notes")
        func event(_ part: String, _ kind: CGMEvent.Kind, value: Double? = nil, unit: CGMEvent.Unit? = nil,
                   glucose: GlucoseValue? = nil) -> CGMEvent {
            CGMEvent(id: RecordID(provider: .nightscout, nativeID: "\(native)#\(part)"), provider: .nightscout, time: time,
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
        if let glucose = glucose(&record) {
            events.append(event("glucose", .bloodGlucose, glucose: glucose))
        }
        if eventType == "Exercise" {
            events.append(event("exercise", .exercise, value: amount(&record, "duration", upTo: 10_000), unit: .minutes))
        }
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
    static func amount(_ record: inout NightscoutRecord, _ key: String, upTo limit: Double) -> Double? {
        guard record.value(key) != nil else { return nil }
        guard let value = record.number(key), value >= 0, value <= limit else {
            record.warn(.invalidValue, "\(key) is not a number in a sensible range")
            return nil
        }
        return value > 0 ? value : nil
    }

    /// `glucose` in `units` (`mg/dl` or `mmol`). Without units the value cannot be
    /// read safely, so it is reported, not guessed.
    static func glucose(_ record: inout NightscoutRecord) -> GlucoseValue? {
        guard let value = amount(&record, "glucose", upTo: 10_000) else { return nil }
        switch record.string("units")?.lowercased() {
        case "mg/dl", "mgdl", "mg": return GlucoseValue(milligramsPerDeciliter: value)
        case "mmol", "mmol/l": return GlucoseValue(millimolesPerLiter: value)
        case nil:
            record.warn(.missingField, "glucose has no units; it was not kept")
            return nil
        default:
            record.warn(.invalidValue, "units is neither mg/dl nor mmol; glucose was not kept")
            return nil
        }
    }
}
