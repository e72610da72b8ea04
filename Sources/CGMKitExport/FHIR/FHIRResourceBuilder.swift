@_spi(AdapterSupport) import CGMKit

/// Writes the Bundle's entries: CGM Device, CGM Sensor Reading and the CGM Summary
/// Observations, straight into a ``JSONStream``.
struct FHIRResourceBuilder {
    private let options: FHIRExportOptions
    private var uuids = UUIDAllocator()
    private let molar: Bool
    private let unitString: String
    private let ucumCode: String
    private let readingProfile: String
    private let readingCode: String
    private let subjectScope: String
    private let patientScope: String

    init(options: FHIRExportOptions) {
        self.options = options
        molar = options.unit == .millimolesPerLiter
        // The IG's patterns: unit strings "mg/dl" / "mmol/l" with UCUM codes "mg/dL" / "mmol/L".
        unitString = molar ? "mmol/l" : "mg/dl"
        ucumCode = molar ? "mmol/L" : "mg/dL"
        readingProfile = FHIRVocabulary.profile(
            molar
                ? "cgm-sensor-reading-moles-per-volume"
                : "cgm-sensor-reading-mass-per-volume")
        readingCode = molar ? FHIRVocabulary.LOINC.sensorReadingMolar : FHIRVocabulary.LOINC.sensorReadingMass
        let subject = Self.percentEncoded(options.subject.reference)
        subjectScope = "&subject=" + subject
        patientScope = "&patient=" + subject
    }

    // MARK: - Device (IG: CGM Device; the sensor, identified by its transmitter)

    /// Writes a Device entry; returns its `fullUrl`.
    mutating func device(identifier: String, generation: String?, into json: inout JSONStream) -> String {
        let fullUrl = "urn:uuid:" + uuids.uuid(for: "Device|" + identifier)
        let name = generation.map { "CGM sensor (\($0))" } ?? "CGM sensor"
        let reference = options.subject.reference
        entry(fullUrl: fullUrl, type: "Device", identifier: identifier, scope: patientScope, into: &json) { json in
            meta(FHIRVocabulary.profile("cgm-device"), into: &json)
            self.identifier(identifier, into: &json)
            json.array("deviceName") { json in
                json.element { json in
                    json.member("name", name)
                    json.member("type", "user-friendly-name")
                }
            }
            json.object("patient") { $0.member("reference", reference) }
        }
        return fullUrl
    }

    // MARK: - Sensor reading (IG: CGM Sensor Reading (Mass) / (Molar))

    mutating func reading(_ reading: GlucoseReading, deviceURL: String?, into json: inout JSONStream) {
        let id = reading.id.rawValue
        let fullUrl = "urn:uuid:" + uuids.uuid(for: "Observation|" + id)
        let value = reading.glucose.map { $0.displayValue(in: options.unit, conversion: options.conversion) }
        entry(fullUrl: fullUrl, type: "Observation", identifier: id, scope: subjectScope, into: &json) { json in
            observationHead(profile: readingProfile, identifier: id, code: readingCode, into: &json)
            json.member("effectiveDateTime", reading.time.instant.rfc3339)
            switch (reading.status, options.outOfRange) {
            case (.ok, _):
                if let value {
                    quantity(value, comparator: nil, into: &json)
                } else {
                    absentReason("error", text: nil, into: &json)
                }
            case (.belowRange, .absent), (.aboveRange, .absent):
                let below = reading.status == .belowRange
                let limit =
                    value.flatMap { JSONNumber($0)?.text }.map { " (\(below ? "below" : "above") \($0) \(ucumCode))" }
                    ?? ""
                absentReason(
                    below ? "negative-infinity" : "positive-infinity",
                    text: "Sensor reported \(below ? "LOW" : "HIGH")\(limit)", into: &json)
                interpretation(below ? "<" : ">", into: &json)
            case (.belowRange, .comparator), (.aboveRange, .comparator):
                let below = reading.status == .belowRange
                if let value {
                    quantity(value, comparator: below ? "<" : ">", into: &json)
                } else {
                    absentReason(below ? "negative-infinity" : "positive-infinity", text: nil, into: &json)
                }
                interpretation(below ? "<" : ">", into: &json)
            case (.unavailable, _):
                absentReason("error", text: nil, into: &json)
            }
            if let deviceURL { json.object("device") { $0.member("reference", deviceURL) } }
        }
    }

    // MARK: - Summary (IG: CGM Summary Observation and its members)

    mutating func summary(
        _ figures: SummaryFigures, period: ReportingPeriod, provider: ProviderID,
        into json: inout JSONStream
    ) {
        let start = ReportingPeriod.dateText(period.firstDay)
        let end = ReportingPeriod.dateText(period.lastDay)
        let idPrefix = provider.rawValue + ":summary:" + start + "/" + end + ":"
        let percent = (unit: "%", code: "%")
        let mean = GlucoseValue(milligramsPerDeciliter: figures.meanMilligramsPerDeciliter)
            .value(in: options.unit, conversion: options.conversion)
        var references: [String] = []
        func add(_ profile: String, _ code: String, value: (inout JSONStream) -> Void) {
            let identifier = idPrefix + code
            let fullUrl = "urn:uuid:" + uuids.uuid(for: "Observation|" + identifier)
            if code != FHIRVocabulary.LOINC.summary { references.append(fullUrl) }
            entry(fullUrl: fullUrl, type: "Observation", identifier: identifier, scope: subjectScope, into: &json) {
                json in
                observationHead(
                    profile: FHIRVocabulary.profile(profile), identifier: identifier, code: code, into: &json)
                json.object("effectivePeriod") { json in
                    json.member("start", start)
                    json.member("end", end)
                }
                value(&json)
            }
        }
        let bands = Self.percentages(figures.bandCounts)
        add("cgm-summary-times-in-ranges", FHIRVocabulary.LOINC.timesInRanges) { json in
            json.array("component") { json in
                for (code, value) in zip(FHIRVocabulary.LOINC.timeInBands, bands) {
                    json.element { json in
                        Self.codeableConcept("code", system: FHIRVocabulary.loinc, code: code, into: &json)
                        Self.fixedQuantity(value, places: 2, percent, into: &json)
                    }
                }
            }
        }
        add(
            molar ? "cgm-summary-mean-glucose-moles-per-volume" : "cgm-summary-mean-glucose-mass-per-volume",
            molar ? FHIRVocabulary.LOINC.meanMolar : FHIRVocabulary.LOINC.meanMass
        ) { [unitString, ucumCode, molar] json in
            Self.fixedQuantity(mean, places: molar ? 1 : 0, (unitString, ucumCode), into: &json)
        }
        add("cgm-summary-gmi", FHIRVocabulary.LOINC.gmi) {
            Self.fixedQuantity(figures.glucoseManagementIndicator, places: 1, percent, into: &$0)
        }
        add("cgm-summary-coefficient-of-variation", FHIRVocabulary.LOINC.coefficientOfVariation) {
            Self.fixedQuantity(figures.coefficientOfVariation, places: 1, percent, into: &$0)
        }
        add("cgm-summary-days-of-wear", FHIRVocabulary.LOINC.daysOfWear) {
            Self.fixedQuantity(figures.daysOfWear, places: 0, ("days", "d"), into: &$0)
        }
        add("cgm-summary-sensor-active-percentage", FHIRVocabulary.LOINC.sensorActivePercentage) {
            Self.fixedQuantity(figures.sensorActivePercentage, places: 1, percent, into: &$0)
        }
        let members = references
        add("cgm-summary", FHIRVocabulary.LOINC.summary) { json in
            json.array("hasMember") { json in
                for reference in members { json.element { $0.member("reference", reference) } }
            }
        }
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
            let left = scaled[lhs] - scaled[lhs].rounded(.down)
            let right = scaled[rhs] - scaled[rhs].rounded(.down)
            return left != right ? left > right : lhs < rhs
        }
        for index in order where missing > 0 {
            hundredths[index] += 1
            missing -= 1
        }
        return hundredths.map { Double($0) / 100 }
    }

    // MARK: - Pieces

    /// `{"fullUrl", "resource": {"resourceType", …}, "request": {POST, ifNoneExist}}`.
    private func entry(
        fullUrl: String, type: String, identifier: String, scope: String, into json: inout JSONStream,
        _ resource: (inout JSONStream) -> Void
    ) {
        json.beginObject()
        json.member("fullUrl", fullUrl)
        json.object("resource") { json in
            json.member("resourceType", type)
            resource(&json)
        }
        json.object("request") { json in
            json.member("method", "POST")
            json.member("url", type)
            json.member("ifNoneExist", conditionalQuery(identifier: identifier, scope: scope))
        }
        json.endObject()
    }

    /// `identifier=<system>|<value>&<scope>=Patient/<id>`, percent-encoded: the query the
    /// IG's deduplication uses (FHIR-48995), limited to this patient so that two patients'
    /// records with the same vendor id (Share's are times) never match each other.
    private func conditionalQuery(identifier: String, scope: String) -> String {
        "identifier=" + Self.percentEncoded(options.identifierSystem) + "|" + Self.percentEncoded(identifier) + scope
    }

    private func observationHead(profile: String, identifier: String, code: String, into json: inout JSONStream) {
        meta(profile, into: &json)
        self.identifier(identifier, into: &json)
        json.member("status", "final")
        json.array("category") { json in
            json.element { Self.codings(system: FHIRVocabulary.observationCategory, code: "laboratory", into: &$0) }
        }
        Self.codeableConcept("code", system: FHIRVocabulary.loinc, code: code, into: &json)
        json.object("subject") { [reference = options.subject.reference] in $0.member("reference", reference) }
    }

    private func meta(_ profile: String, into json: inout JSONStream) {
        json.object("meta") { json in json.array("profile") { $0.string(profile) } }
    }

    private func identifier(_ value: String, into json: inout JSONStream) {
        json.array("identifier") { [system = options.identifierSystem] json in
            json.element { json in
                json.member("system", system)
                json.member("value", value)
            }
        }
    }

    private func quantity(_ value: Double, comparator: String?, into json: inout JSONStream) {
        json.object("valueQuantity") { [unitString, ucumCode] json in
            json.member("value", number: value)
            if let comparator { json.member("comparator", comparator) }
            json.member("unit", unitString)
            json.member("system", FHIRVocabulary.ucum)
            json.member("code", ucumCode)
        }
    }

    private static func fixedQuantity(
        _ value: Double, places: Int, _ unit: (unit: String, code: String),
        into json: inout JSONStream
    ) {
        json.object("valueQuantity") { json in
            json.member("value", number: DecimalRounding.round(value, places: places))
            json.member("unit", unit.unit)
            json.member("system", FHIRVocabulary.ucum)
            json.member("code", unit.code)
        }
    }

    private func absentReason(_ code: String, text: String?, into json: inout JSONStream) {
        json.object("dataAbsentReason") { json in
            Self.codings(system: FHIRVocabulary.dataAbsentReason, code: code, into: &json)
            if let text { json.member("text", text) }
        }
    }

    private func interpretation(_ code: String, into json: inout JSONStream) {
        json.array("interpretation") { json in
            json.element { Self.codings(system: FHIRVocabulary.interpretation, code: code, into: &$0) }
        }
    }

    /// `"coding": [{"system", "code"}]`, no `display` (a display that differs from LOINC's
    /// is a validator error; the IG does not require one).
    private static func codings(system: String, code: String, into json: inout JSONStream) {
        json.array("coding") { json in
            json.element { json in
                json.member("system", system)
                json.member("code", code)
            }
        }
    }

    private static func codeableConcept(_ key: String, system: String, code: String, into json: inout JSONStream) {
        json.object(key) { codings(system: system, code: code, into: &$0) }
    }

    /// RFC 3986 percent-encoding of everything but unreserved characters, `:` and `/`.
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E, 0x3A, 0x2F:
                output.append(byte)
            default:
                output += [0x25, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
