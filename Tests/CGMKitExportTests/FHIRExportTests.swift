@_spi(AdapterSupport) import CGMKit
import CGMKitExport
import CGMKitSandbox
import Testing

/// A reading at `minutes` after 2025-03-01T00:00:00Z.
func reading(
    _ minutes: Int, _ value: Double?, _ status: ReadingStatus = .ok, id: String? = nil,
    transmitter: String? = "tx-1", offset: Int? = nil
) -> GlucoseReading {
    GlucoseReading(
        id: RecordID(rawValue: id ?? "sandbox:r\(minutes)"), provider: .sandbox,
        time: RecordTime(
            instant: CGMInstant(millisecondsSince1970: 1_740_787_200_000 + Int64(minutes) * 60_000),
            utcOffsetMinutes: offset),
        glucose: value.map { GlucoseValue(milligramsPerDeciliter: $0) }, status: status, trend: .flat,
        device: transmitter.map { DeviceInfo(generation: "g7", transmitterID: $0) })
}

private func options(_ change: (inout FHIRExportOptions) -> Void = { _ in }) -> FHIRExportOptions {
    var options = FHIRExportOptions(
        subject: goldenSubject, timestamp: goldenTimestamp,
        identifierSystem: "https://cgm.example.org/id")
    change(&options)
    return options
}

private func entries(_ batch: CGMBatch, _ options: FHIRExportOptions) throws -> [JSONObject] {
    let bundle = try #require(try FHIRBundleExporter(options: options).bundle(for: batch).objectValue)
    return (bundle["entry"]?.arrayValue ?? []).compactMap(\.objectValue)
}

private func resource(_ entry: JSONObject) -> JSONObject? { entry["resource"]?.objectValue }

private func code(_ resource: JSONObject?) -> String? {
    resource?["code"]?.objectValue?["coding"]?.arrayValue?.first?.objectValue?["code"]?.stringValue
}

private func observations(_ entries: [JSONObject], code wanted: String) -> [JSONObject] {
    entries.compactMap(resource).filter { code($0) == wanted }
}

@Suite("FHIR export (HL7 CGM IG 1.0.0)")
struct FHIRExportTests {
    let mixed = CGMBatch(
        provider: .sandbox,
        readings: [
            reading(0, 40, .belowRange), reading(5, 400, .aboveRange), reading(10, nil, .unavailable), reading(15, 112),
            reading(20, 150),
        ])

    @Test("LOW/HIGH default: no value, dataAbsentReason ±infinity, interpretation < / >; unavailable: error")
    func outOfRangeAbsent() throws {
        let readings = observations(try entries(mixed, options()), code: "99504-3")
        #expect(readings.count == 5)
        let reasons = readings.map {
            $0["dataAbsentReason"]?.objectValue?["coding"]?.arrayValue?.first?.objectValue?["code"]?.stringValue
        }
        #expect(reasons == ["negative-infinity", "positive-infinity", "error", nil, nil])
        #expect(readings[0]["valueQuantity"] == nil && readings[1]["valueQuantity"] == nil)
        let flags = readings.map {
            $0["interpretation"]?.arrayValue?.first?.objectValue?["coding"]?.arrayValue?.first?.objectValue?["code"]?
                .stringValue
        }
        #expect(flags == ["<", ">", nil, nil, nil])
        #expect(readings[3]["valueQuantity"]?.objectValue?["unit"]?.stringValue == "mg/dl")
        #expect(readings[3]["valueQuantity"]?.objectValue?["code"]?.stringValue == "mg/dL")
    }

    @Test("LOW/HIGH as value + comparator; unavailable left out")
    func outOfRangeComparator() throws {
        let readings = observations(
            try entries(
                mixed,
                options {
                    $0.outOfRange = .comparator
                    $0.unavailable = .omit
                }),
            code: "99504-3")
        #expect(readings.count == 4)
        let quantities = readings.map { $0["valueQuantity"]?.objectValue }
        #expect(quantities[0]?["comparator"]?.stringValue == "<" && quantities[0]?["value"]?.numberValue?.text == "40")
        #expect(quantities[1]?["comparator"]?.stringValue == ">" && quantities[1]?["value"]?.numberValue?.text == "400")
        #expect(quantities[2]?["comparator"] == nil)
        #expect(readings.allSatisfy { $0["dataAbsentReason"] == nil })
    }

    @Test("mmol/L: LOINC 105272-9, unit mmol/l, UCUM mmol/L, one decimal")
    func molar() throws {
        let readings = observations(try entries(mixed, options { $0.unit = .millimolesPerLiter }), code: "105272-9")
        let quantity = try #require(readings[3]["valueQuantity"]?.objectValue)
        #expect(quantity["value"]?.numberValue?.text == "6.2")
        #expect(quantity["unit"]?.stringValue == "mmol/l" && quantity["code"]?.stringValue == "mmol/L")
    }

    @Test("Identifiers under the host's system; ifNoneExist searches them for this patient, percent-encoded")
    func conditionalCreate() throws {
        let batch = CGMBatch(provider: .sandbox, readings: [reading(0, 100, id: "sandbox:a&b c|d")])
        let all = try entries(batch, options())
        let observation = try #require(all.first { code(resource($0)) == "99504-3" })
        let identifier = resource(observation)?["identifier"]?.arrayValue?.first?.objectValue
        #expect(identifier?["system"]?.stringValue == "https://cgm.example.org/id")
        #expect(identifier?["value"]?.stringValue == "sandbox:a&b c|d")
        #expect(
            observation["request"]?.objectValue?["ifNoneExist"]?.stringValue
                == "identifier=https://cgm.example.org/id|sandbox:a%26b%20c%7Cd&subject=Patient/example-1")
        let device = try #require(all.first { resource($0)?["resourceType"]?.stringValue == "Device" })
        #expect(
            device["request"]?.objectValue?["ifNoneExist"]?.stringValue
                == "identifier=https://cgm.example.org/id|sandbox:transmitter:tx-1&patient=Patient/example-1")
        #expect(
            resource(observation)?["device"]?.objectValue?["reference"]?.stringValue == device["fullUrl"]?.stringValue)
    }

    @Test("One Device per transmitter; readings without one have no device reference")
    func devices() throws {
        let batch = CGMBatch(
            provider: .sandbox,
            readings: [
                reading(0, 100, transmitter: "tx-1"), reading(5, 100, transmitter: "tx-2"),
                reading(10, 100, transmitter: "tx-1"),
                reading(15, 100, transmitter: nil),
            ])
        let all = try entries(batch, options())
        #expect(all.compactMap(resource).filter { $0["resourceType"]?.stringValue == "Device" }.count == 2)
        #expect(observations(all, code: "99504-3").filter { $0["device"] == nil }.count == 1)
    }

    @Test("Summary: six members, times in ranges sum to 100 with two decimals, over the host's period")
    func summary() throws {
        // 3 readings in the period, one outside it: the period counts, not first-to-last reading.
        let batch = CGMBatch(
            provider: .sandbox,
            readings: [
                reading(0, 50), reading(5, 100), reading(10, 300), reading(3 * 1440, 100),
            ])
        let period = try #require(ReportingPeriod(firstDay: (2025, 3, 1), lastDay: (2025, 3, 2)))
        let all = try entries(batch, options { $0.reportingPeriod = period })
        let summary = try #require(observations(all, code: "107931-8").first)
        #expect(summary["hasMember"]?.arrayValue?.count == 6)
        #expect(summary["effectivePeriod"]?.objectValue?["start"]?.stringValue == "2025-03-01")
        #expect(summary["effectivePeriod"]?.objectValue?["end"]?.stringValue == "2025-03-02")
        let panel = try #require(observations(all, code: "106793-3").first)
        let values = (panel["component"]?.arrayValue ?? []).compactMap {
            $0.objectValue?["valueQuantity"]?.objectValue?["value"]?.numberValue?.text
        }
        #expect(values == ["33.34", "0", "33.33", "0", "33.33"])
        let mean = observations(all, code: "97507-8").first?["valueQuantity"]?.objectValue?["value"]?.numberValue?.text
        #expect(mean == "150")
        let gmi = observations(all, code: "97506-0").first?["valueQuantity"]?.objectValue
        #expect(gmi?["value"]?.numberValue?.text == "6.9" && gmi?["unit"]?.stringValue == "%")
        let days = observations(all, code: "104636-6").first?["valueQuantity"]?.objectValue
        // Days of wear: the days of the period holding a reading (GlucoseSummary.daysOfWear): 1 of 2.
        #expect(
            days?["value"]?.numberValue?.text == "1" && days?["unit"]?.stringValue == "days"
                && days?["code"]?.stringValue == "d")
        let active = observations(all, code: "104637-4").first?["valueQuantity"]?.objectValue?["value"]?.numberValue?
            .text
        #expect(active == "0.5")  // 15 active minutes (3 readings × 5 min) of 2,880: 0.52 %
    }

    @Test(
        "Largest-remainder percentages always sum to 100.00",
        arguments: [[1, 1, 1, 0, 0], [7, 0, 0, 0, 0], [1, 2, 3, 4, 5], [3, 3, 3, 3, 1]])
    func percentagesSum(counts: [Int]) throws {
        let levels: [Double] = [40, 60, 100, 200, 300]
        var bands: [Double] = []
        for (band, count) in counts.enumerated() {
            bands += Array(repeating: levels[band], count: count)
        }
        let batch = CGMBatch(
            provider: .sandbox, readings: bands.enumerated().map { reading($0.offset * 5, $0.element) })
        let panel = try #require(observations(try entries(batch, options()), code: "106793-3").first)
        let values = (panel["component"]?.arrayValue ?? []).compactMap {
            $0.objectValue?["valueQuantity"]?.objectValue?["value"]?.numberValue?.doubleValue
        }
        #expect(values.count == 5)
        #expect(abs(values.reduce(0, +) - 100) < 1e-9)
        #expect(values.allSatisfy { DecimalRounding.round($0, places: 2) == $0 })
    }

    @Test("Default period: the readings' span in whole local days on the readings' clock")
    func defaultPeriod() throws {
        // 23:30 local (UTC−5) on 28 Feb to 00:30 UTC on 1 Mar = 19:30 local on 28 Feb: one local day.
        let readings = [reading(-30, 100, offset: -300), reading(30, 100, offset: -300)]
        let period = try #require(ReportingPeriod.covering(readings))
        #expect(period.dayCount == 1)
        #expect(period.start == CGMInstant(millisecondsSince1970: 1_740_718_800_000))  // 2025-02-28T05:00:00Z
        #expect(period.end == CGMInstant(millisecondsSince1970: 1_740_805_200_000))
        #expect(ReportingPeriod(text: "2025-03-02/2025-03-01") == nil)
        #expect(ReportingPeriod(text: "2025-02-30/2025-03-01") == nil)
        #expect(ReportingPeriod(text: "2024-01-01/2025-03-01") == nil)
        #expect(ReportingPeriod(text: "2025-03-01/2025-03-14")?.dayCount == 14)
    }

    @Test("No summary without enough readings for a CV; no reading at all is an error")
    func summaryNeedsReadings() throws {
        let one = CGMBatch(provider: .sandbox, readings: [reading(0, 100)])
        #expect(observations(try entries(one, options()), code: "107931-8").isEmpty)
        #expect {
            try FHIRBundleExporter(options: options()).export(CGMBatch(provider: .sandbox))
        } throws: { ($0 as? CGMError)?.code == .invalidArgument }
        let onlyUnavailable = CGMBatch(provider: .sandbox, readings: [reading(0, nil, .unavailable)])
        #expect(throws: CGMError.self) {
            try FHIRBundleExporter(options: options { $0.unavailable = .omit }).export(onlyUnavailable)
        }
    }

    @Test(
        "Subjects and identifier systems are checked",
        arguments: [
            ("Patient/1", true), ("Patient/a-b.c", true), ("Patient/", false), ("Practitioner/1", false),
            ("Patient/1 2", false), ("Patient/" + String(repeating: "x", count: 65), false), ("1", false),
        ])
    func subjects(text: String, valid: Bool) {
        #expect((FHIRPatientReference(text) != nil) == valid)
    }

    @Test("Identifier systems must be absolute URIs the query can carry")
    func identifierSystems() {
        #expect(FHIRExportOptions.isValidIdentifierSystem("https://ehr.example.org/cgm"))
        #expect(FHIRExportOptions.isValidIdentifierSystem("urn:oid:1.2.3"))
        for bad in ["", "no-scheme", ":x", "https://a b", "https://a|b", "https://a&b", "1http://x"] {
            #expect(!FHIRExportOptions.isValidIdentifierSystem(bad))
        }
        #expect(throws: CGMError.self) {
            try FHIRBundleExporter(options: options { $0.identifierSystem = "not a uri" })
                .export(CGMBatch(provider: .sandbox, readings: [reading(0, 100)]))
        }
    }

    @Test("Output is deterministic and fullUrls are unique", arguments: [SandboxUser.g6, .mmol])
    func deterministic(user: SandboxUser) throws {
        let batch = try sandboxBatch(user, days: 3)
        let first = try FHIRBundleExporter(options: options()).export(batch)
        #expect(first == (try FHIRBundleExporter(options: options()).export(batch)))
        let urls = try entries(batch, options()).compactMap { $0["fullUrl"]?.stringValue }
        #expect(Set(urls).count == urls.count)
        #expect(urls.allSatisfy { $0.hasPrefix("urn:uuid:") && $0.count == 45 })
    }
}
