import CGMKit
import CGMKitDexcom
import CGMKitTesting
import Foundation
import Testing

let clarityFixtures = FixtureDirectory(relativeTo: #filePath, path: "../Fixtures/dexcom_clarity")
let clarityGoldens = FixtureDirectory(relativeTo: #filePath, path: "../Goldens/dexcom_clarity")

/// A zone the tests know exists.
func zone(_ identifier: String) -> TimeZone {
    TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: 0) ?? .gmt
}

/// The invented names planted in the Clarity fixtures' preamble.
let clarityNames = ["Zebulon", "Quaxworth"]

@Suite("Dexcom Clarity conformance")
struct ClarityGoldenTests {
    /// Every fixture through the conformance kit, by row: timed rows are records
    /// (EGVs by `Transmitter ID:Transmitter Time`), the untimed preamble is not.
    static let conformance = AdapterConformance(
        normalizer: ClarityNormalizer(timeZone: zone("America/New_York")), fixtures: clarityFixtures,
        goldens: clarityGoldens, fixtureExtension: "csv",
        rawRecords: AdapterConformance.csvRecords(
            isHeader: { names in names.contains { $0 == "Event Type" || $0 == "Ereignistyp" } },
            isRecord: { fields in
                !(fields["Timestamp (YYYY-MM-DDThh:mm:ss)"] ?? fields["Zeitstempel (JJJJ-MM-TTThh:mm:ss)"] ?? "")
                    .isEmpty
            },
            nativeID: { fields in
                let type = fields["Event Type"] ?? fields["Ereignistyp"]
                guard type == "EGV" || type == "EGW",
                    let id = fields["Transmitter ID"] ?? fields["Transmitter-ID"], !id.isEmpty,
                    let time = fields["Transmitter Time (Long Integer)"] ?? fields["Transmitterzeit (Long Integer)"],
                    !time.isEmpty
                else { return nil }
                return "\(id):\(time)"
            }),
        canaries: clarityNames)

    @Test("the fixtures cover mg/dL and mmol/L, quoting, separators and German headers")
    func fixturesExist() {
        let names = Self.conformance.fixtureNames
        #expect(names.count >= 3)
        #expect(names.contains("g7-mgdl-quoted-bom-crlf.csv"))
        #expect(names.contains("g6-mmol-unquoted-lf.csv"))
        #expect(names.contains("german-semicolon.csv"))
    }

    @Test("every fixture conforms (SPEC §7)", arguments: conformance.fixtureNames)
    func conforms(fixture: String) {
        for failure in Self.conformance.check(fixture: fixture) { Issue.record("\(failure)") }
    }
}
