import CGMKit
import CGMKitLibre
import CGMKitTesting
import Testing

@Suite("LibreLinkUp conformance")
struct LibreLinkUpGoldenTests {
    /// The conformance suite of CGMKitTesting over every LibreLinkUp fixture: goldens in
    /// both units, order, accounting, schema and leaks (SPEC §7, §8).
    static let conformance = AdapterConformance(
        normalizer: LibreLinkUpNormalizer(), fixtures: lluFixtures, goldens: lluGoldens,
        vendorRecords: lluRecords, canaries: lluCanaries)

    @Test("the fixtures cover the answers and quirks the issue names")
    func fixturesExist() {
        let names = Self.conformance.fixtureNames
        #expect(names.count >= 12)
        for part in [
            "graph-mgdl", "graph-mmol", "dst-spring", "dst-fall", "noon-midnight", "negative-offset",
            "positive-offset", "zero-offset", "lo-hi", "every-trend", "duplicate-current", "logbook",
            "bad-records", "connections-single",
        ] {
            #expect(names.contains { $0.contains(part) }, "no \(part) fixture")
        }
    }

    @Test("every fixture conforms (SPEC §7)", arguments: conformance.fixtureNames)
    func conforms(fixture: String) {
        for failure in Self.conformance.check(fixture: fixture) { Issue.record("\(failure)") }
    }
}
