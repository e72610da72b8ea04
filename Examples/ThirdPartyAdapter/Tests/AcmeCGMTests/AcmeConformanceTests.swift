import AcmeCGM
import CGMKit
import CGMKitTesting
import Testing

@Suite("Acme conformance")
struct AcmeConformanceTests {
    static let conformance = AdapterConformance(
        normalizer: AcmeNormalizer(),
        fixtures: FixtureDirectory(relativeTo: #filePath, path: "Fixtures/payloads"),
        goldens: FixtureDirectory(relativeTo: #filePath, path: "Goldens"),
        vendorRecords: AdapterConformance.records(idKeys: ["uuid"], arrayKeys: ["readings"]),
        canaries: ["ACME-CANARY-SERIAL"])

    @Test("every fixture conforms", arguments: conformance.fixtureNames)
    func conforms(fixture: String) {
        for failure in Self.conformance.check(fixture: fixture) { Issue.record("\(failure)") }
    }
}
