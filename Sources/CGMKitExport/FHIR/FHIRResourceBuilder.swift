import CGMKit

/// Builds the Bundle's entries: CGM Device, CGM Sensor Reading and the CGM Summary
/// Observations. Constant parts (category, subject, codes) are built once and shared.
struct FHIRResourceBuilder {
    private let options: FHIRExportOptions
    private var uuids = UUIDAllocator()
    private let subject: JSONValue
    private let category: JSONValue
    private let readingMeta: JSONValue
    private let readingCode: JSONValue
    private let final = JSON.string("final")
    private let observation = JSON.string("Observation")
    private let unitString: String
    private let ucumCode: String

    init(options: FHIRExportOptions) {
        self.options = options
        subject = JSON.object([("reference", JSON.string(options.subject.reference))])
        category = .array([Self.codeableConcept(system: FHIRVocabulary.observationCategory, code: "laboratory")])
        let molar = options.unit == .millimolesPerLiter
        readingMeta = Self.meta(molar ? "cgm-sensor-reading-moles-per-volume" : "cgm-sensor-reading-mass-per-volume")
        readingCode = Self.codeableConcept(system: FHIRVocabulary.loinc,
                                           code: molar ? FHIRVocabulary.LOINC.sensorReadingMolar
                                                       : FHIRVocabulary.LOINC.sensorReadingMass)
        // The IG's patterns: unit strings "mg/dl" / "mmol/l" with UCUM codes "mg/dL" / "mmol/L".
        unitString = molar ? "mmol/l" : "mg/dl"
        ucumCode = molar ? "mmol/L" : "mg/dL"
    }

    // MARK: - Device (IG: CGM Device; the sensor, identified by its transmitter)

    mutating func device(identifier: String, generation: String?) -> (fullUrl: String, json: JSONValue) {
        let fullUrl = "urn:uuid:" + uuids.uuid(for: "Device|" + identifier)
        let name = generation.map { "CGM sensor (\($0))" } ?? "CGM sensor"
        let resource = JSON.object([
            ("resourceType", JSON.string("Device")),
            ("meta", Self.meta("cgm-device")),
            ("identifier", .array([self.identifier(identifier)])),
            ("deviceName", .array([JSON.object([("name", JSON.string(name)), ("type", JSON.string("user-friendly-name"))])])),
            ("patient", subject),
        ])
        return (fullUrl, entry(fullUrl: fullUrl, resource: resource, type: "Device", identifier: identifier,
                               scope: "patient"))
    }

    // MARK: - Sensor reading (IG: CGM Sensor Reading (Mass) / (Molar))

    mutating func reading(_ reading: GlucoseReading, deviceURL: String?) -> JSONValue {
        var members: [(String, JSONValue?)] = [
            ("resourceType", observation),
            ("meta", readingMeta),
            ("identifier", .array([identifier(reading.id.rawValue)])),
            ("status", final),
            ("category", category),
            ("code", readingCode),
            ("subject", subject),
            ("effectiveDateTime", JSON.string(reading.time.instant.rfc3339)),
        ]
        let value = reading.glucose.map { $0.displayValue(in: options.unit, conversion: options.conversion) }
        switch (reading.status, options.outOfRange) {
        case (.ok, _):
            if let value {
                members.append(("valueQuantity", quantity(value, comparator: nil)))
            } else {
                members.append(("dataAbsentReason", absentReason("error", text: nil)))
            }
        case (.belowRange, .absent), (.aboveRange, .absent):
            let below = reading.status == .belowRange
            let limit = value.map { " (\(below ? "below" : "above") \(Self.text(of: $0)) \(ucumCode))" } ?? ""
            members.append(("dataAbsentReason", absentReason(below ? "negative-infinity" : "positive-infinity",
                                                             text: "Sensor reported \(below ? "LOW" : "HIGH")\(limit)")))
            members.append(("interpretation", interpretation(below ? "<" : ">")))
        case (.belowRange, .comparator), (.aboveRange, .comparator):
            let below = reading.status == .belowRange
            if let value {
                members.append(("valueQuantity", quantity(value, comparator: below ? "<" : ">")))
            } else {
                members.append(("dataAbsentReason", absentReason(below ? "negative-infinity" : "positive-infinity",
                                                                 text: nil)))
            }
            members.append(("interpretation", interpretation(below ? "<" : ">")))
        case (.unavailable, _):
            members.append(("dataAbsentReason", absentReason("error", text: nil)))
        }
        if let deviceURL { members.append(("device", JSON.object([("reference", JSON.string(deviceURL))]))) }
        let fullUrl = "urn:uuid:" + uuids.uuid(for: "Observation|" + reading.id.rawValue)
        return entry(fullUrl: fullUrl, resource: JSON.object(members), type: "Observation",
                     identifier: reading.id.rawValue, scope: "subject")
    }

    // MARK: - Summary (IG: CGM Summary Observation and its members)

    mutating func summary(_ figures: SummaryFigures, period: ReportingPeriod, provider: ProviderID) -> [JSONValue] {
        let effectivePeriod = JSON.object([
            ("start", JSON.string(ReportingPeriod.dateText(period.firstDay))),
            ("end", JSON.string(ReportingPeriod.dateText(period.lastDay))),
        ])
        let idPrefix = provider.rawValue + ":summary:" + ReportingPeriod.dateText(period.firstDay) + "/"
            + ReportingPeriod.dateText(period.lastDay) + ":"
        let percent = (unit: "%", code: "%")
        let molar = options.unit == .millimolesPerLiter
        let mean = GlucoseValue(milligramsPerDeciliter: figures.meanMilligramsPerDeciliter)
            .value(in: options.unit, conversion: options.conversion)

        var entries: [JSONValue] = []
        var references: [JSONValue] = []
        func add(_ profile: String, _ code: String, value: [(String, JSONValue?)]) {
            let identifier = idPrefix + code
            let fullUrl = "urn:uuid:" + uuids.uuid(for: "Observation|" + identifier)
            var members: [(String, JSONValue?)] = [
                ("resourceType", observation),
                ("meta", Self.meta(profile)),
                ("identifier", .array([self.identifier(identifier)])),
                ("status", final),
                ("category", category),
                ("code", Self.codeableConcept(system: FHIRVocabulary.loinc, code: code)),
                ("subject", subject),
                ("effectivePeriod", effectivePeriod),
            ]
            members += value
            if code != FHIRVocabulary.LOINC.summary {
                references.append(JSON.object([("reference", JSON.string(fullUrl))]))
            }
            entries.append(entry(fullUrl: fullUrl, resource: JSON.object(members), type: "Observation",
                                 identifier: identifier, scope: "subject"))
        }
        let components = zip(FHIRVocabulary.LOINC.timeInBands, Self.percentages(figures.bandCounts)).map { code, value in
            JSON.object([
                ("code", Self.codeableConcept(system: FHIRVocabulary.loinc, code: code)),
                ("valueQuantity", fixedQuantity(value, places: 2, percent)),
            ])
        }
        add("cgm-summary-times-in-ranges", FHIRVocabulary.LOINC.timesInRanges, value: [("component", .array(components))])
        add(molar ? "cgm-summary-mean-glucose-moles-per-volume" : "cgm-summary-mean-glucose-mass-per-volume",
            molar ? FHIRVocabulary.LOINC.meanMolar : FHIRVocabulary.LOINC.meanMass,
            value: [("valueQuantity", fixedQuantity(mean, places: molar ? 1 : 0, (unitString, ucumCode)))])
        add("cgm-summary-gmi", FHIRVocabulary.LOINC.gmi,
            value: [("valueQuantity", fixedQuantity(figures.glucoseManagementIndicator, places: 1, percent))])
        add("cgm-summary-coefficient-of-variation", FHIRVocabulary.LOINC.coefficientOfVariation,
            value: [("valueQuantity", fixedQuantity(figures.coefficientOfVariation, places: 1, percent))])
        add("cgm-summary-days-of-wear", FHIRVocabulary.LOINC.daysOfWear,
            value: [("valueQuantity", fixedQuantity(figures.daysOfWear, places: 0, ("days", "d")))])
        add("cgm-summary-sensor-active-percentage", FHIRVocabulary.LOINC.sensorActivePercentage,
            value: [("valueQuantity", fixedQuantity(figures.sensorActivePercentage, places: 1, percent))])
        add("cgm-summary", FHIRVocabulary.LOINC.summary, value: [("hasMember", .array(references))])
        return entries
    }

    /// Percentages with two decimals that sum to exactly 100 (largest remainder on
    /// hundredths of a percent; ties go to the earlier band).
    static func percentages(_ counts: [Int]) -> [Double] {
        let total = counts.reduce(0, +)
        guard total > 0 else { return counts.map { _ in 0 } }
        let scaled = counts.map { Double($0) * 10_000 / Double(total) }
        var hundredths = scaled.map { Int($0.rounded(.down)) }
        var missing = 10_000 - hundredths.reduce(0, +)
        let order = scaled.indices.sorted { lhs, rhs in
            let left = scaled[lhs] - scaled[lhs].rounded(.down), right = scaled[rhs] - scaled[rhs].rounded(.down)
            return left != right ? left > right : lhs < rhs
        }
        for index in order where missing > 0 {
            hundredths[index] += 1
            missing -= 1
        }
        return hundredths.map { Double($0) / 100 }
    }

    // MARK: - Pieces

    private func entry(fullUrl: String, resource: JSONValue, type: String, identifier: String, scope: String) -> JSONValue {
        JSON.object([
            ("fullUrl", JSON.string(fullUrl)),
            ("resource", resource),
            ("request", JSON.object([
                ("method", JSON.string("POST")),
                ("url", JSON.string(type)),
                ("ifNoneExist", JSON.string(conditionalQuery(identifier: identifier, scope: scope))),
            ])),
        ])
    }

    /// `identifier=<system>|<value>&<scope>=Patient/<id>`, percent-encoded: the query the
    /// IG's deduplication uses (FHIR-48995), limited to this patient so that two patients'
    /// records with the same vendor id (Share's are times) never match each other.
    private func conditionalQuery(identifier: String, scope: String) -> String {
        "identifier=" + Self.percentEncoded(options.identifierSystem) + "|" + Self.percentEncoded(identifier)
            + "&" + scope + "=" + Self.percentEncoded(options.subject.reference)
    }

    private func identifier(_ value: String) -> JSONValue {
        JSON.object([("system", JSON.string(options.identifierSystem)), ("value", JSON.string(value))])
    }

    private func quantity(_ value: Double, comparator: String?) -> JSONValue {
        JSON.object([
            ("value", JSON.number(value)),
            ("comparator", comparator.map(JSON.string)),
            ("unit", JSON.string(unitString)),
            ("system", JSON.string(FHIRVocabulary.ucum)),
            ("code", JSON.string(ucumCode)),
        ])
    }

    private func fixedQuantity(_ value: Double, places: Int, _ unit: (unit: String, code: String)) -> JSONValue {
        JSON.object([
            ("value", JSON.number(value, places: places)),
            ("unit", JSON.string(unit.unit)),
            ("system", JSON.string(FHIRVocabulary.ucum)),
            ("code", JSON.string(unit.code)),
        ])
    }

    private func absentReason(_ code: String, text: String?) -> JSONValue {
        JSON.object([
            ("coding", .array([JSON.object([("system", JSON.string(FHIRVocabulary.dataAbsentReason)),
                                            ("code", JSON.string(code))])])),
            ("text", text.map(JSON.string)),
        ])
    }

    private func interpretation(_ code: String) -> JSONValue {
        .array([Self.codeableConcept(system: FHIRVocabulary.interpretation, code: code)])
    }

    private static func meta(_ profile: String) -> JSONValue {
        JSON.object([("profile", .array([JSON.string(FHIRVocabulary.profile(profile))]))])
    }

    /// A CodeableConcept with one coding and no `display` (a display that differs from
    /// LOINC's is a validator error; the IG does not require one).
    private static func codeableConcept(system: String, code: String) -> JSONValue {
        JSON.object([("coding", .array([JSON.object([("system", JSON.string(system)), ("code", JSON.string(code))])]))])
    }

    private static func text(of value: Double) -> String {
        JSONNumber(value)?.text ?? ""
    }

    /// RFC 3986 percent-encoding of everything but unreserved characters, `:` and `/`.
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF")
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E, 0x3A, 0x2F:
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%"
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0xF)])
            }
        }
        return output
    }
}
