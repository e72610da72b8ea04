@_spi(AdapterSupport) import CGMKit
import CGMKitTesting
import Foundation
import Testing

/// The conformance kit on CSV payloads (issue 16): accounting by row must catch a row
/// that vanished, and a leak of a CSV value, or it proves nothing.
@Suite("Conformance kit: CSV payloads")
struct CSVConformanceKitTests {
    /// A toy importer of `id,ms,mgdl` rows (header first, then a `#`-prefixed preamble
    /// row it documents as no record) whose faults can be switched on.
    struct ToyCSVNormalizer: PayloadNormalizer {
        enum Fault: Sendable { case none, dropsRow, leaksValue }
        let provider: ProviderID = "toycsv"
        var fault: Fault = .none

        func normalize(_ payload: [UInt8]) throws -> CGMBatch {
            let table: CSVTable
            do {
                table = try CSVReader().read(payload)
            } catch {
                throw error.cgmError(format: "not a toy CSV")
            }
            var assembler = BatchAssembler(provider: provider)
            for row in 1..<table.rowCount where !table.field(row: row, column: 0, equals: "#preamble") {
                guard let ms = table.integer(row: row, column: 1), let value = table.decimal(row: row, column: 2) else {
                    let message = fault == .leaksValue ? "bad value \(table.string(row: row, column: 2))" : "bad row"
                    assembler.add(NormalizationIssue(index: row, code: .invalidValue, message: message))
                    continue
                }
                if fault == .dropsRow, row == 2 { continue }
                assembler.add(
                    GlucoseReading(
                        id: RecordID(provider: provider, nativeID: table.trimmed(row: row, column: 0)),
                        provider: provider, time: RecordTime(instant: CGMInstant(millisecondsSince1970: ms)),
                        glucose: GlucoseValue(milligramsPerDeciliter: value), status: .ok, trend: .unknown),
                    index: row)
            }
            return assembler.makeBatch()
        }
    }

    static let payload =
        "id,ms,mgdl\r\n#preamble,,\r\nr-1,1792771200000,123\r\nr-2,1792771500000,131\r\nr-3,1792771800000,x7-LEAK\r\n"

    static func suite(_ fault: ToyCSVNormalizer.Fault) throws -> AdapterConformance {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("csv-conformance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("goldens"), withIntermediateDirectories: true)
        try Data(payload.utf8).write(to: root.appendingPathComponent("toy.csv"))
        let good = try ToyCSVNormalizer().normalize(Array(payload.utf8))
        for unit in GlucoseUnit.allCases {
            let suffix = unit == .milligramsPerDeciliter ? "mgdl" : "mmol"
            try Data(BatchEncoder(unit: unit).encode(good)).write(
                to: root.appendingPathComponent("goldens/toy.\(suffix).json"))
        }
        return AdapterConformance(
            normalizer: ToyCSVNormalizer(fault: fault), fixtures: FixtureDirectory(path: root.path),
            goldens: FixtureDirectory(path: root.appendingPathComponent("goldens").path), fixtureExtension: "csv",
            rawRecords: AdapterConformance.csvRecords(
                isHeader: { $0.contains("mgdl") }, isRecord: { $0["id"] != "#preamble" }, nativeID: { $0["id"] }))
    }

    @Test("a correct CSV importer passes every check, the preamble row accounted as no record")
    func passes() throws {
        let suite = try Self.suite(.none)
        #expect(suite.fixtureNames == ["toy.csv"])
        #expect(suite.checkAll().isEmpty)
    }

    @Test("a row that vanished fails the accounting; a CSV value in an issue fails the leak check")
    func catches() throws {
        let dropped = try Self.suite(.dropsRow).checkAll()
        #expect(
            dropped.contains { $0.check == .everyRecordAccounted && $0.message.contains("record 2 vanished") },
            "\(dropped)")
        let leaked = try Self.suite(.leaksValue).checkAll()
        #expect(leaked.contains { $0.check == .noLeaks }, "\(leaked)")
    }
}
