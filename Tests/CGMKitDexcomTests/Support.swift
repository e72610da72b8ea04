import CGMKit
import CGMKitDexcom
import CGMKitTesting

/// Recorded-shape Dexcom v3 responses, one per endpoint and quirk.
let v3Fixtures = FixtureDirectory(relativeTo: #filePath, path: "Fixtures/dexcom_v3")
/// Expected unified output for each fixture and unit.
let v3Goldens = FixtureDirectory(relativeTo: #filePath, path: "Goldens/dexcom_v3")

/// Normalizes a fixture file.
func normalizeFixture(_ name: String) throws -> CGMBatch {
    try DexcomV3Normalizer().normalize(v3Fixtures.bytes(name))
}

/// Normalizes JSON text.
func normalize(_ text: String) throws -> CGMBatch {
    try DexcomV3Normalizer().normalize(Array(text.utf8))
}

/// The one reading of a one-record EGV payload built from `fields` (JSON members).
func singleReading(_ fields: String) throws -> (GlucoseReading?, [NormalizationIssue]) {
    let batch = try normalize(
        #"{"recordType":"egv","recordVersion":"3.0","records":[{"recordId":"r","systemTime":"2024-06-01T12:00:00Z",\#(fields)}]}"#
    )
    return (batch.readings.first, batch.issues)
}

/// Recorded and assembled Share read responses (`ReadPublisherLatestGlucoseValues`).
let shareFixtures = FixtureDirectory(relativeTo: #filePath, path: "Fixtures/dexcom_share/payloads")
/// Expected unified output for each Share fixture and unit.
let shareGoldens = FixtureDirectory(relativeTo: #filePath, path: "Goldens/dexcom_share")
