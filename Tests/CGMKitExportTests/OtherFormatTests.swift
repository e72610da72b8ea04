import CGMKit
import CGMKitExport
import CGMKitSandbox
import CGMKitTesting
import Testing

@Suite("Open mHealth and CSV exports")
struct OtherFormatTests {
    let batch = CGMBatch(
        provider: .sandbox,
        readings: [
            reading(0, 40, .belowRange), reading(5, nil, .unavailable), reading(10, 112, id: "sandbox:a,\"b\""),
            reading(10 * 60 + 0, 99.5),
        ])

    @Test("OMH: only measured values, interstitial fluid, the reading id as provenance")
    func openMHealth() throws {
        let points = try #require(OpenMHealthExporter(creationTime: goldenTimestamp).dataPoints(for: batch).arrayValue)
        #expect(points.count == 2)
        let first = try #require(points.first?.objectValue)
        let body = first["body"]?.objectValue
        #expect(body?["specimen_source"]?.stringValue == "interstitial fluid")
        #expect(body?["blood_glucose"]?.objectValue?["unit"]?.stringValue == "mg/dL")
        #expect(body?["effective_time_frame"]?.objectValue?["date_time"]?.stringValue == "2025-03-01T00:10:00Z")
        let provenance = first["header"]?.objectValue?["acquisition_provenance"]?.objectValue
        #expect(provenance?["source_data_point_id"]?.stringValue == "sandbox:a,\"b\"")
        #expect(provenance?["modality"]?.stringValue == "sensed")
        let mmol = OpenMHealthExporter(unit: .millimolesPerLiter, creationTime: goldenTimestamp).dataPoints(for: batch)
        let value = mmol.arrayValue?.first?.objectValue?["body"]?.objectValue?["blood_glucose"]?.objectValue
        #expect(value?["value"]?.numberValue?.text == "6.2" && value?["unit"]?.stringValue == "mmol/L")
    }

    @Test("Tidy CSV: every reading, RFC 4180 quoting, empty cells for absent fields")
    func tidy() {
        let text = String(decoding: TidyCSVExporter().export(batch), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "id,time,displayTime,utcOffset,value,unit,status,trend,trendRate")
        #expect(lines[1] == "sandbox:r0,2025-03-01T00:00:00Z,,,40,mg/dL,belowRange,flat,")
        #expect(lines[2] == "sandbox:r5,2025-03-01T00:05:00Z,,,,mg/dL,unavailable,flat,")
        #expect(lines[3] == "\"sandbox:a,\"\"b\"\"\",2025-03-01T00:10:00Z,,,112,mg/dL,ok,flat,")
        #expect(lines.count == 6 && lines.last == "")
    }

    @Test("iglu: subject id, R-parsable UTC time, mg/dL with LOW/HIGH at the limit, unavailable left out")
    func iglu() {
        let text = String(decoding: IgluCSVExporter(subject: "p1").export(batch), as: UTF8.self)
        #expect(
            text == "id,time,gl\np1,2025-03-01 00:00:00,40\np1,2025-03-01 00:10:00,112\np1,2025-03-01 10:00:00,99.5\n")
    }

    @Test("A sandbox batch survives encode → decode → encode in both units", arguments: SandboxUser.all)
    func sandboxRoundTrip(user: SandboxUser) throws {
        let batch = try sandboxBatch(user, days: 14)
        for unit in GlucoseUnit.allCases {
            let encoded = BatchEncoder(unit: unit).encode(batch)
            let decoded = try BatchDecoder().decode(encoded)
            #expect(decoded.unit == unit || batch.readings.isEmpty)
            #expect(BatchEncoder(unit: decoded.unit).encode(decoded.batch) == encoded)
        }
    }

    @Test("Exports carry no more than the batch: no canary from messages leaks, errors carry no values")
    func errorsCarryNoValues() {
        let batch = CGMBatch(provider: .sandbox, readings: [reading(0, 123.456, id: "sandbox:CANARY-77")])
        do {
            _ = try FHIRBundleExporter(
                options: FHIRExportOptions(
                    subject: goldenSubject, timestamp: goldenTimestamp,
                    identifierSystem: "bad system")
            ).export(batch)
        } catch {
            #expect(!"\(error)".contains("CANARY") && !"\(error)".contains("123"))
        }
        #expect(
            "\(ReportingPeriod(text: "2025-03-01/2025-03-02").map { "\($0)" } ?? "")" == "ReportingPeriod(<redacted>)")
    }
}
