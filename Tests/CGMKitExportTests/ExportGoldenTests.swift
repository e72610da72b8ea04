import CGMKit
import CGMKitExport
import CGMKitSandbox
import CGMKitTesting
import Testing

/// One export input: a normalizer golden of another target, or a sandbox user.
struct ExportInput: Sendable, CustomTestStringConvertible {
    let name: String
    let goldenPath: String?
    let sandboxUser: SandboxUser?

    var testDescription: String { name }

    func decoded() throws -> DecodedBatch {
        if let goldenPath { return try normalizedGolden(goldenPath) }
        let batch = try sandboxBatch(sandboxUser ?? .g7, days: 2)
        return DecodedBatch(batch: batch, unit: .milligramsPerDeciliter)
    }

    static let all: [ExportInput] = [
        ExportInput(
            name: "v3-egvs-sentinel-edges",
            goldenPath: "CGMKitDexcomTests/Goldens/dexcom_v3/egvs-sentinel-edges.mgdl.json", sandboxUser: nil),
        ExportInput(
            name: "v3-egvs-mmol-unit", goldenPath: "CGMKitDexcomTests/Goldens/dexcom_v3/egvs-mmol-unit.mmol.json",
            sandboxUser: nil),
        ExportInput(
            name: "share-all-trends-high-low",
            goldenPath: "CGMKitDexcomTests/Goldens/dexcom_share/all-trends-high-low.mgdl.json", sandboxUser: nil),
        ExportInput(
            name: "nightscout-entries-xdrip-g6", goldenPath: "CGMKitNightscoutTests/Goldens/entries-xdrip-g6.mgdl.json",
            sandboxUser: nil),
        ExportInput(name: "sandbox-g7-2days", goldenPath: nil, sandboxUser: .g7),
    ]
}

@Suite("Export goldens (re-record with CGMKIT_RECORD_GOLDENS=1 after a normalizer change, then review)")
struct ExportGoldenTests {
    @Test("The sandbox input is itself stable", arguments: [SandboxUser.g7])
    func sandboxInput(user: SandboxUser) throws {
        let batch = try sandboxBatch(user, days: 2)
        try GoldenFile(path: exportGoldens.file("sandbox-\(user.name)-2days.batch.json")).verify(
            BatchEncoder().encode(batch))
    }

    @Test(
        "FHIR Bundle, default encodings (LOW/HIGH absent, unavailable as error), batch unit", arguments: ExportInput.all
    )
    func fhirDefault(input: ExportInput) throws {
        let decoded = try input.decoded()
        let options = FHIRExportOptions(
            subject: goldenSubject, timestamp: goldenTimestamp,
            identifierSystem: "https://cgm.example.org/id", unit: decoded.unit)
        let bytes = try FHIRBundleExporter(options: options).export(decoded.batch)
        try GoldenFile(path: exportGoldens.file("\(input.name).fhir.json")).verify(bytes)
    }

    @Test("FHIR Bundle, the options: comparator, unavailable omitted, mmol/L", arguments: ExportInput.all)
    func fhirOptions(input: ExportInput) throws {
        let decoded = try input.decoded()
        let options = FHIRExportOptions(
            subject: goldenSubject, timestamp: goldenTimestamp,
            identifierSystem: "https://cgm.example.org/id", unit: .millimolesPerLiter,
            outOfRange: .comparator, unavailable: .omit)
        let bytes = try FHIRBundleExporter(options: options).export(decoded.batch)
        try GoldenFile(path: exportGoldens.file("\(input.name).fhir-comparator-mmol.json")).verify(bytes)
    }

    @Test("Open mHealth data points", arguments: ExportInput.all)
    func openMHealth(input: ExportInput) throws {
        let decoded = try input.decoded()
        let bytes = OpenMHealthExporter(unit: decoded.unit, creationTime: goldenTimestamp).export(decoded.batch)
        try GoldenFile(path: exportGoldens.file("\(input.name).omh.json")).verify(bytes)
    }

    @Test("Tidy CSV and iglu CSV", arguments: ExportInput.all)
    func csv(input: ExportInput) throws {
        let decoded = try input.decoded()
        try GoldenFile(path: exportGoldens.file("\(input.name).csv"))
            .verify(TidyCSVExporter(unit: decoded.unit).export(decoded.batch))
        try GoldenFile(path: exportGoldens.file("\(input.name).iglu.csv"))
            .verify(IgluCSVExporter(subject: "example-1").export(decoded.batch))
    }
}
