@_spi(AdapterSupport) import CGMKit
@_spi(AdapterSupport) import CGMKitDexcom
import Foundation
import Testing

/// The defects a new-user test found in the Clarity import (notes newuser-15-16, findings
/// 1–5 and 8), each pinned by the input that showed it.
@Suite("Dexcom Clarity import: edge cases")
struct ClarityEdgeCaseTests {
    /// An EGV row with no transmitter identity: timestamp, value.
    static func egv(_ stamp: String, _ value: String, transmitter: (time: String, id: String) = ("", "")) -> [String] {
        [stamp, "EGV", "", "", "", "iOS G7", value, "", "", "", "", transmitter.time, transmitter.id]
    }

    static func normalize(_ rows: [[String]], zone: String, unit: String = "mg/dL") throws -> CGMBatch {
        let timeZone = try #require(TimeZone(identifier: zone))
        return try ClarityNormalizer(timeZone: timeZone).normalize(clarityFile(rows, unit: unit))
    }

    @Test(
        "a wall clock whose UTC instant is outside years 0001-9999 is one invalidTimestamp issue",
        arguments: [("9999-12-31T23:00:00", "America/New_York"), ("0001-01-01T00:00:00", "Europe/Berlin")])
    func yearEdges(_ stamp: String, _ zone: String) throws {
        let batch = try Self.normalize([Self.egv(stamp, "100"), Self.egv("2025-05-01T10:00:00", "120")], zone: zone)
        #expect(batch.readings.count == 1)
        #expect(batch.readings.allSatisfy { $0.time.instant.isRFC3339Writable })
        #expect(batch.issues.map(\.code) == [.invalidTimestamp])
        #expect(batch.issues.first?.index == 4)
        // What is written validates: a 4-digit year.
        let encoded = BatchEncoder().encodeToString(batch)
        #expect(!encoded.contains("10000-") && !encoded.contains("\"0000-"))
    }

    @Test("two records whose ids collide are both kept, the second as #2")
    func repeatedIDs() throws {
        let batch = try Self.normalize(
            [
                Self.egv("2025-05-01T11:00:00", "130"), Self.egv("2025-05-01T11:00:00", "131"),
                ["2025-05-01T11:00:00", "Carbs", "", "", "", "iOS G7", "", "", "10", "", "", "", ""],
                ["2025-05-01T11:00:00", "Carbs", "", "", "", "iOS G7", "", "", "20", "", "", "", ""],
                ["2025-05-01T11:00:00", "Insulin", "Fast-Acting", "", "", "iOS G7", "", "2", "", "", "", "", ""],
                ["2025-05-01T11:00:00", "Insulin", "Fast-Acting", "", "", "iOS G7", "", "3", "", "", "", "", ""],
            ], zone: "UTC")
        #expect(batch.issues.isEmpty)
        #expect(batch.readings.map(\.id.rawValue) == ["dexcom_clarity:1746097200", "dexcom_clarity:1746097200#2"])
        #expect(batch.readings.map { $0.glucose?.milligramsPerDeciliter } == [130, 131])
        let carbs = batch.events.filter { $0.kind == .carbs }
        #expect(carbs.map(\.id.rawValue) == ["dexcom_clarity:carbs@1746097200", "dexcom_clarity:carbs@1746097200#2"])
        #expect(carbs.map(\.value) == [10, 20])
        let insulin = batch.events.filter { $0.kind == .insulin }
        #expect(insulin.map(\.value) == [2, 3])
    }

    @Test("a transmitter-keyed EGV repeated is still one reading (SPEC §2 upsert)")
    func transmitterKeyedRepeat() throws {
        let row = Self.egv("2025-05-01T10:00:00", "100", transmitter: ("1000", "TXD"))
        let batch = try Self.normalize([row, row], zone: "UTC")
        #expect(batch.readings.map(\.id.rawValue) == ["dexcom_clarity:TXD:1000"])
        #expect(batch.issues.isEmpty)
    }

    @Test("two calibrations in the fall-back hour: the repeat is the later instant")
    func fallBackCalibrations() throws {
        let batch = try Self.normalize(
            [
                ["2025-11-02T01:30:00", "Calibration", "", "", "", "iOS G6", "110", "", "", "", "", "", ""],
                ["2025-11-02T01:30:00", "Calibration", "", "", "", "iOS G6", "150", "", "", "", "", "", ""],
            ], zone: "America/New_York")
        #expect(batch.issues.isEmpty)
        #expect(batch.calibrations.map(\.time.rfc3339) == ["2025-11-02T05:30:00Z", "2025-11-02T06:30:00Z"])
        #expect(batch.calibrations.map(\.glucose.milligramsPerDeciliter) == [110, 150])
        #expect(batch.calibrations.map(\.time.utcOffsetMinutes) == [-240, -300])
        #expect(batch.calibrations.map(\.id.rawValue).last == "dexcom_clarity:calibration@1762061400#2")
    }

    @Test("a fall-back pair of a transmitter with no unambiguous row is told apart by its own transmitter times")
    func fallBackWithoutAnchor() throws {
        let batch = try Self.normalize(
            [
                Self.egv("2025-11-02T01:10:00", "100", transmitter: ("1000", "TXD")),
                Self.egv("2025-11-02T01:10:00", "101", transmitter: ("4600", "TXD")),
                Self.egv("2025-11-02T01:40:00", "102", transmitter: ("800", "TXE")),
            ], zone: "America/New_York")
        let txd = batch.readings.filter { $0.id.rawValue.contains("TXD") }
        #expect(txd.map(\.time.rfc3339) == ["2025-11-02T05:10:00Z", "2025-11-02T06:10:00Z"])
        #expect(txd.map { $0.glucose?.milligramsPerDeciliter } == [100, 101])
        // The same pair listed later row first resolves the same way.
        let reversed = try Self.normalize(
            [
                Self.egv("2025-11-02T01:10:00", "101", transmitter: ("4600", "TXD")),
                Self.egv("2025-11-02T01:10:00", "100", transmitter: ("1000", "TXD")),
            ], zone: "America/New_York")
        #expect(reversed.readings.map(\.time.rfc3339) == ["2025-11-02T05:10:00Z", "2025-11-02T06:10:00Z"])
        #expect(reversed.readings.map { $0.glucose?.milligramsPerDeciliter } == [100, 101])
    }

    @Test("mmol/L 2.2 (Dexcom's 40 mg/dL floor) stays ok; below 39.5 mg/dL is belowRange; 22.3 is aboveRange")
    func thresholds() throws {
        let batch = try Self.normalize(
            [
                Self.egv("2025-05-01T10:00:00", "2.2"), Self.egv("2025-05-01T10:05:00", "2.1"),
                Self.egv("2025-05-01T10:10:00", "22.2"), Self.egv("2025-05-01T10:15:00", "22.3"),
            ], zone: "UTC", unit: "mmol/L")
        #expect(batch.readings.map(\.status) == [.ok, .belowRange, .ok, .aboveRange])
        #expect(batch.readings.first?.glucose.map { abs($0.milligramsPerDeciliter - 39.6343) < 0.001 } == true)
        #expect(batch.readings[1].glucose?.milligramsPerDeciliter == 40)
    }

    @Test("a zero or negative value and a value above any sensor's range have different messages")
    func valueMessages() throws {
        let batch = try Self.normalize(
            [
                Self.egv("2025-05-01T10:00:00", "-5"), Self.egv("2025-05-01T10:05:00", "0"),
                Self.egv("2025-05-01T10:10:00", "601"),
            ], zone: "UTC")
        #expect(batch.readings.isEmpty)
        #expect(batch.issues.map(\.code) == [.invalidValue, .invalidValue, .invalidValue])
        #expect(
            batch.issues.map(\.message) == [
                "Glucose Value is not a positive number", "Glucose Value is not a positive number",
                "Glucose Value is above what any sensor measures",
            ])
    }

    @Test("an over-long field is one row's issue; every good row is kept")
    func longField() throws {
        let note = String(repeating: "x", count: 70_000)
        let batch = try Self.normalize(
            [
                ["2025-05-01T10:00:00", "Health", note, "", "", "iOS G7", "", "", "", "", "", "", ""],
                Self.egv("2025-05-01T10:05:00", "120"),
            ], zone: "UTC")
        #expect(batch.readings.count == 1)
        #expect(batch.issues.map(\.code) == [.invalidRecord])
        #expect(batch.issues.first?.message.contains("maximumFieldBytes") == true)
    }

    @Test("a file-level limit is limitExceeded naming the limit, not 'not a Dexcom Clarity CSV export'")
    func fileLimit() throws {
        var limits = CSVReaderLimits.default
        limits.maximumRows = 3
        let normalizer = ClarityNormalizer(
            timeZone: try #require(TimeZone(identifier: "UTC")), reader: CSVReader(limits: limits))
        let error = #expect(throws: CGMError.self) {
            try normalizer.normalize(clarityFile([Self.egv("2025-05-01T10:05:00", "120")]))
        }
        #expect(error?.code == .limitExceeded)
        #expect(error?.message.hasPrefix("the file has more rows than the limit") == true)
    }
}
