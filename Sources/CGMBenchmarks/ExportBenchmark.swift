import CGMKit
import CGMKitExport
import Foundation

/// The export rows of `cgm-bench` (Docs/Export.md, Docs/Performance.md): a 90-day batch
/// (25,920 readings) as a FHIR CGM IG Bundle.
///
/// - whole job: `cgm export --format fhir` as a child process, process start to last byte
///   (stdout to /dev/null), when the `cgm` executable sits next to `cgm-bench`;
/// - in process: decode the batch JSON + build the Bundle + write its bytes (CGMKit);
/// - baseline: Foundation's `JSONSerialization` writing the same Bundle from a prebuilt
///   Foundation tree (only the writing), and `BatchEncoder` writing the batch's own JSON.
enum ExportBenchmark {
    struct Result {
        let readings: Int
        let bundleBytes: Int
        let exportSeconds: (median: Double, fastest: Double)
        let bundleOnlySeconds: Double
        let foundationWriteSeconds: Double
        let batchEncodeSeconds: Double
        let processSeconds: (median: Double, fastest: Double)?
    }

    static func run(readings: [GlucoseReading], runs: Int, executable: String) throws -> Result {
        let batch = CGMBatch(
            provider: readings.first?.provider ?? "sandbox",
            readings: readings)
        let batchBytes = BatchEncoder().encode(batch)
        guard let subject = FHIRPatientReference("Patient/bench-1") else {
            throw CGMError(code: .invalidArgument, message: "subject")
        }
        let options = FHIRExportOptions(
            subject: subject, timestamp: CGMInstant(millisecondsSince1970: 1_741_597_200_000))
        let exporter = FHIRBundleExporter(options: options)

        // The same Bundle must come out of a decoded batch as out of the batch in memory.
        let decoded = try BatchDecoder().decode(batchBytes)
        let bundle = try exporter.export(batch)
        guard try exporter.export(decoded.batch) == bundle else {
            throw CGMError(code: .unexpectedResponse, message: "a decoded batch exports differently")
        }

        var sink = 0
        let export = try Measure.times(runs: runs) {
            sink &+= try exporter.export(try BatchDecoder().decode(batchBytes).batch).count
        }
        let bundleOnly = try Measure.times(runs: runs) { sink &+= try exporter.export(batch).count }
        let foundationTree = try JSONSerialization.jsonObject(with: Data(bundle))
        let foundation = try Measure.times(runs: max(3, runs / 3)) {
            sink &+= try JSONSerialization.data(withJSONObject: foundationTree, options: [.prettyPrinted]).count
        }
        let encode = Measure.times(runs: runs) { sink &+= BatchEncoder().encode(batch).count }

        var process: (median: Double, fastest: Double)?
        let cgm = URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("cgm")
        if FileManager.default.isExecutableFile(atPath: cgm.path) {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                "cgm-bench-export-\(getpid()).json")
            try Data(batchBytes).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            process = try Measure.times(runs: max(3, runs / 3)) {
                let child = Process()
                child.executableURL = cgm
                child.arguments = ["export", "--format", "fhir", "--subject", "Patient/bench-1", file.path]
                child.standardOutput = FileHandle.nullDevice
                try child.run()
                child.waitUntilExit()
                guard child.terminationStatus == 0 else {
                    throw CGMError(code: .unexpectedResponse, message: "cgm export failed")
                }
            }
        }
        if sink == 42 { print("") }
        return Result(
            readings: readings.count, bundleBytes: bundle.count, exportSeconds: export,
            bundleOnlySeconds: bundleOnly.median, foundationWriteSeconds: foundation.median,
            batchEncodeSeconds: encode.median, processSeconds: process)
    }
}

extension ExportBenchmark {
    static func printResult(_ result: Result) {
        func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
        print("FHIR export, 90 days: \(result.readings) readings -> \(result.bundleBytes) bytes of Bundle (pretty)")
        print(
            "  decode batch + Bundle + bytes (CGMKit):  \(ms(result.exportSeconds.median)) median, "
                + "\(ms(result.exportSeconds.fastest)) fastest")
        print("  Bundle + bytes from the batch in memory: \(ms(result.bundleOnlySeconds))")
        print(
            "  baseline, JSONSerialization writes it:   \(ms(result.foundationWriteSeconds)) (CGMKit's whole export is "
                + String(format: "%.1f", result.foundationWriteSeconds / result.exportSeconds.median)
                + "× faster than that)")
        print("  reference, BatchEncoder writes the batch: \(ms(result.batchEncodeSeconds))")
        if let process = result.processSeconds {
            print(
                "  whole job, `cgm export --format fhir` process start to last byte: \(ms(process.median)) median, "
                    + "\(ms(process.fastest)) fastest")
        }
    }
}
