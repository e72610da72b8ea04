@_spi(AdapterSupport) import CGMKit

/// Maps one `/events` record to a ``CGMEvent``.
///
/// Production quirks handled: `value` as a number or a numeric string; `-1` in any
/// spelling (`"-1.00"`) and `""` mean no value; `note` and `notes` are both notes,
/// whose text moves from `value` to `text`; units are renamed (`grams` → `g`,
/// `units` → `U`, `minutes` → `min`); a blood glucose value is kept as glucose so it
/// converts with the batch (missing unit means mg/dL, as everywhere in v3).
enum DexcomV3EventMapper {
    static func map(_ record: inout RecordReader) throws(SkippedRecord) -> CGMEvent {
        let id = try record.recordID()
        let time = try record.recordTime()
        let kind = kind(&record)
        let subtype = record.optionalString("eventSubType")
        let unit = unit(&record)
        var event = CGMEvent(
            id: id, provider: .dexcomV3, time: time, kind: kind, subtype: subtype,
            unit: unit, status: status(&record), device: record.deviceInfo())

        if kind == .note {
            event.text = noteText(&record)
            return event
        }
        let amount = amount(&record)
        if kind == .bloodGlucose {
            event.unit = nil
            if let amount {
                guard amount > 0 else { throw record.skip(.invalidValue, "blood glucose value is not positive") }
                let glucose = try meterGlucose(amount, unit: unit, &record)
                event.glucose = glucose
            }
        } else {
            event.value = amount
        }
        return event
    }

    static func kind(_ record: inout RecordReader) -> CGMEvent.Kind {
        guard let value = record.object["eventType"], !value.isNull else {
            record.warn(.missingField, "eventType is missing")
            return .unknown
        }
        switch value.stringValue {
        case "carbs": return .carbs
        case "insulin": return .insulin
        case "exercise": return .exercise
        case "health": return .health
        case "bloodGlucose": return .bloodGlucose
        case "note", "notes": return .note
        case "unknown": return .unknown
        default:
            record.warn(.invalidValue, "eventType is not recognised")
            return .unknown
        }
    }

    static func unit(_ record: inout RecordReader) -> CGMEvent.Unit? {
        guard let text = record.optionalString("unit") else { return nil }
        switch text {
        case "grams", "g": return .grams
        case "units", "U": return .insulinUnits
        case "minutes", "min": return .minutes
        case "mg/dL": return .milligramsPerDeciliter
        case "mmol/L": return .millimolesPerLiter
        case "unknown", "": return nil
        default:
            record.warn(.invalidValue, "unit is not recognised")
            return nil
        }
    }

    /// A blood glucose event's value as a meter reading (10–600 mg/dL,
    /// `GlucoseValue.meterRangeMilligramsPerDeciliter`; SPEC §2.2's plausibility bound).
    /// A missing or `unknown` unit means mg/dL, as everywhere in v3, unless the value can
    /// only be mmol/L (below 10, which no meter reads in mg/dL): then mmol/L is inferred,
    /// with a `missingField` warning. Anything else outside the range skips the record.
    static func meterGlucose(
        _ amount: Double, unit: CGMEvent.Unit?,
        _ record: inout RecordReader
    ) throws(SkippedRecord) -> GlucoseValue {
        let meter = GlucoseValue.meterRangeMilligramsPerDeciliter
        let stated = unit == .millimolesPerLiter ? GlucoseUnit.millimolesPerLiter : .milligramsPerDeciliter
        let glucose = GlucoseValue(amount, unit: stated)
        if meter.contains(glucose.milligramsPerDeciliter) { return glucose }
        let inferred = GlucoseValue(millimolesPerLiter: amount)
        if unit == nil, amount < meter.lowerBound, meter.contains(inferred.milligramsPerDeciliter) {
            record.warn(
                .missingField,
                "unit is missing; millimoles per litre were inferred, the only unit a meter could read it in")
            return inferred
        }
        throw record.skip(.invalidValue, "blood glucose value is outside what a meter reads")
    }

    static func status(_ record: inout RecordReader) -> CGMEvent.Status {
        guard let text = record.optionalString("eventStatus") else { return .created }
        if let status = CGMEvent.Status(rawValue: text) { return status }
        record.warn(.unknownStatus, "eventStatus is not recognised; treated as created")
        return .created
    }

    /// The amount, or `nil` for no value (`-1`, `""`, missing).
    static func amount(_ record: inout RecordReader) -> Double? {
        if case .string(let text) = record.object["value"], text.trimmingASCIIWhitespace().isEmpty { return nil }
        switch record.number("value") {
        case .absent: return nil
        case .invalid:
            record.warn(.invalidValue, "value is not a finite number")
            return nil
        case .value(let value):
            if value == -1 { return nil }
            guard value >= 0 else {
                record.warn(.invalidValue, "value is negative")
                return nil
            }
            return value
        }
    }

    /// A note's text: the string in `value`, or a number's literal.
    static func noteText(_ record: inout RecordReader) -> String? {
        switch record.object["value"] {
        case .string(let text): return text.isEmpty ? nil : text
        case .number(let number): return number.text
        case nil, .null: return nil
        default:
            record.warn(.invalidValue, "value of a note is not text")
            return nil
        }
    }
}
