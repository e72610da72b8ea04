@_spi(AdapterSupport) import CGMKit
@_spi(AdapterSupport) import CGMKitLibre
import Foundation
import Testing

/// The defects a new-user test found in the LibreView import (notes newuser-15-16,
/// findings 1, 8 and 9), each pinned by the input that showed it.
@Suite("LibreView import: edge cases")
struct LibreViewEdgeCaseTests {
    static func normalize(_ rows: [String], zone: String) throws -> CGMBatch {
        let timeZone = try #require(TimeZone(identifier: zone))
        return try LibreViewNormalizer(timeZone: timeZone, dateOrder: .dayFirst).normalize(libreViewFile(rows))
    }

    @Test(
        "a wall clock whose UTC instant is outside years 0001-9999 is one invalidTimestamp issue",
        arguments: [("9999-12-31 23:00", "America/New_York"), ("0001-01-01 00:30", "Europe/Berlin")])
    func yearEdges(_ stamp: String, _ zone: String) throws {
        let batch = try Self.normalize(
            [
                libreViewRow("FreeStyle Libre 3", "S1", stamp, 0, [4: "100"]),
                libreViewRow("FreeStyle Libre 3", "S1", "01-05-2025 10:00", 0, [4: "120"]),
            ], zone: zone)
        #expect(batch.readings.count == 1)
        #expect(batch.readings.allSatisfy { $0.time.instant.isRFC3339Writable })
        #expect(batch.issues.map(\.code) == [.invalidTimestamp])
        #expect(batch.issues.first?.index == 1)
    }

    @Test("a type-4 row with a rapid- and a long-acting amount gives two insulin events")
    func rapidAndLong() throws {
        let batch = try Self.normalize(
            [libreViewRow("FreeStyle Libre 3", "S1", "01-05-2025 10:00", 4, [7: "4", 12: "10"])], zone: "UTC")
        #expect(batch.issues.isEmpty)
        let insulin = batch.events.filter { $0.kind == .insulin }.sorted { $0.id.rawValue < $1.id.rawValue }
        #expect(
            insulin.map(\.id.rawValue) == [
                "libreview:S1:4@2025-05-01T10:00:00", "libreview:S1:4@2025-05-01T10:00:00/long",
            ])
        #expect(insulin.map(\.subtype) == ["rapid", "long"])
        #expect(insulin.map(\.value) == [4, 10])
        #expect(insulin.allSatisfy { $0.unit == .insulinUnits })
    }

    @Test("an over-long note is one row's issue; every good row is kept")
    func longNote() throws {
        let note = String(repeating: "n", count: 70_000)
        let batch = try Self.normalize(
            [
                libreViewRow("FreeStyle Libre 3", "S1", "01-05-2025 10:00", 6, [13: note]),
                libreViewRow("FreeStyle Libre 3", "S1", "01-05-2025 10:05", 0, [4: "120"]),
            ], zone: "UTC")
        #expect(batch.readings.count == 1)
        #expect(batch.issues.map(\.code) == [.invalidRecord])
        #expect(batch.issues.first?.index == 1)
        #expect(batch.issues.first?.message.contains("maximumFieldBytes") == true)
    }

    @Test("a file-level limit is limitExceeded naming the limit, not 'not a LibreView CSV export'")
    func fileLimit() throws {
        var limits = CSVReaderLimits.default
        limits.maximumDocumentBytes = 100
        let normalizer = LibreViewNormalizer(
            timeZone: try #require(TimeZone(identifier: "UTC")), dateOrder: nil, reader: CSVReader(limits: limits))
        let error = #expect(throws: CGMError.self) {
            try normalizer.normalize(
                libreViewFile([libreViewRow("FreeStyle Libre 3", "S1", "01-05-2025 10:05", 0, [4: "120"])]))
        }
        #expect(error?.code == .limitExceeded)
        #expect(error?.message.hasPrefix("the file is larger than the limit") == true)
    }
}
