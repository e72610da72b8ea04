import CGMKit
import CGMKitDexcom
import CGMKitExport
import CGMKitSandbox
import CGMKitTesting
import Foundation

/// The folder of this test target's goldens (re-record with CGMKIT_RECORD_GOLDENS=1).
let exportGoldens = FixtureDirectory(relativeTo: #filePath, path: "Goldens")
/// Hand-written inputs (bad batches).
let exportFixtures = FixtureDirectory(relativeTo: #filePath, path: "Fixtures")
/// The `Tests/` folder, to read other targets' normalizer goldens as export inputs.
let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

/// The Bundle timestamp and OMH creation time of every golden: fixed, so output is byte-stable.
let goldenTimestamp = CGMInstant(millisecondsSince1970: 1_741_597_200_000)  // 2025-03-10T09:00:00Z
let goldenSubject = FHIRPatientReference("Patient/example-1")!

/// Reads a batch golden of another target (`CGMKitDexcomTests/Goldens/dexcom_v3/egvs-g7-ios.mgdl.json`).
func normalizedGolden(_ relativePath: String) throws -> DecodedBatch {
    return try BatchDecoder().decode(try FixtureDirectory(path: testsDirectory.path).bytes(relativePath))
}

/// A simulated user's EGVs over `days`, normalized by the real Dexcom v3 adapter.
func sandboxBatch(_ user: SandboxUser, days: Int) throws -> CGMBatch {
    let now = SandboxServer.defaultNow
    let payloads = SandboxPayloads(trace: SandboxTrace(user: user, days: days, end: now))
    return try DexcomV3Normalizer().normalize(
        payloads.egvs(from: now.adding(milliseconds: -Int64(days) * 86_400_000), to: now, now: now))
}
