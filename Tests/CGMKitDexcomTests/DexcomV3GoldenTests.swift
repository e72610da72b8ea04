import CGMKit
import CGMKitDexcom
import CGMKitTesting
import Testing

@Suite("Dexcom v3 conformance")
struct DexcomV3GoldenTests {
    /// The conformance suite of CGMKitTesting over every v3 fixture: goldens in both
    /// units, order, accounting by `recordId` (devices, which have none, by count),
    /// schema and leaks.
    static let conformance = AdapterConformance(
        normalizer: DexcomV3Normalizer(), fixtures: v3Fixtures, goldens: v3Goldens,
        vendorRecords: AdapterConformance.records(idKey: "recordId"))

    @Test("every endpoint and quirk has a fixture")
    func fixturesExist() {
        let names = Self.conformance.fixtureNames
        #expect(names.count >= 20)
        for prefix in ["egvs-", "calibrations-", "events-", "alerts-", "devices-", "datarange-"] {
            #expect(names.contains { $0.hasPrefix(prefix) }, "no \(prefix) fixture")
        }
    }

    @Test("every fixture conforms (SPEC §7)", arguments: conformance.fixtureNames)
    func conforms(fixture: String) {
        for failure in Self.conformance.check(fixture: fixture) { Issue.record("\(failure)") }
    }
}
