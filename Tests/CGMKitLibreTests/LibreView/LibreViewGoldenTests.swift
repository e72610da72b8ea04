import CGMKit
import CGMKitLibre
import CGMKitTesting
import Foundation
import Testing

let libreViewFixtures = FixtureDirectory(relativeTo: #filePath, path: "../Fixtures/libreview")
let libreViewGoldens = FixtureDirectory(relativeTo: #filePath, path: "../Goldens/libreview")

/// A zone the tests know exists.
func zone(_ identifier: String) -> TimeZone {
    TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: 0) ?? .gmt
}

/// The invented patient name in the fixtures' title lines.
let libreViewNames = ["Ottilie", "Brimblecombe"]

/// Lists a LibreView file's data rows (everything below the header; the title line is
/// no record), accounted by count: ids need the inferred date order.
let libreViewRows = AdapterConformance.csvRecords(isHeader: { names in
    names.contains { $0 == "Record Type" || $0 == "Aufzeichnungstyp" }
})

@Suite("LibreView conformance")
struct LibreViewGoldenTests {
    static let conformance = AdapterConformance(
        normalizer: LibreViewNormalizer(timeZone: zone("Europe/Berlin")), fixtures: libreViewFixtures,
        goldens: libreViewGoldens, fixtureExtension: "csv", rawRecords: libreViewRows, canaries: libreViewNames)

    @Test("the fixtures cover both date orders, both units, separators and German headers")
    func fixturesExist() {
        let names = Self.conformance.fixtureNames
        #expect(names.contains("libre3-mmol-dmy-crlf.csv"))
        #expect(names.contains("librelink-mgdl-mdy-lf.csv"))
        #expect(names.contains("german-tab.csv"))
    }

    @Test("every fixture conforms (SPEC §7)", arguments: conformance.fixtureNames)
    func conforms(fixture: String) {
        for failure in Self.conformance.check(fixture: fixture) { Issue.record("\(failure)") }
    }
}
