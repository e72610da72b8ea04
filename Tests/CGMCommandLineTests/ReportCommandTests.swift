import CGMCommandLine
import CGMKit
import CGMKitTesting
import Foundation
import Testing

private let goldens = FixtureDirectory(relativeTo: #filePath, path: "Goldens")

@Suite("cgm report")
struct ReportCommandTests {
    private func report(_ arguments: [String], io: MemoryIO = MemoryIO()) async -> (ExitCode, String, MemoryIO) {
        let status = await CommandLineTool(io: io).runAsync(["report"] + arguments)
        return (status, String(decoding: io.standardOutput, as: UTF8.self), io)
    }

    /// A 14-day sandbox sync normalized to a cgmkit.batch.v1 batch, as `cgm normalize` prints it.
    private func sandboxBatch(user: String, days: Int) throws -> [UInt8] {
        let raw = MemoryIO()
        #expect(
            CommandLineTool(io: raw).run(["sandbox", "--user", user, "--days", "\(days)", "--endpoint", "egvs"])
                == .success)
        let normalized = MemoryIO(standardInput: raw.standardOutput)
        #expect(CommandLineTool(io: normalized).run(["normalize", "--provider", "dexcom_v3"]) == .success)
        return normalized.standardOutput
    }

    @Test(
        "The AGP chart of two sandbox users matches its golden (CGMKIT_RECORD_GOLDENS=1 re-records)",
        arguments: ["g7", "mmol"])
    func svgGolden(user: String) async throws {
        let (status, svg, _) = await report(["--sandbox", user, "--days", "14", "--format", "svg"])
        #expect(status == .success)
        try GoldenFile(path: goldens.file("agp-\(user).svg")).verify(svg)
    }

    @Test("A 14-day sandbox sync is 14 days and sufficient, from the sandbox and from its batch")
    func fourteenDaysSuffice() async throws {
        let (status, html, _) = await report(["--sandbox", "g6", "--days", "14"])
        #expect(status == .success)
        #expect(html.contains("<th>Days</th><td class=\"value\">14 (worn 14)</td>"))
        #expect(html.contains("Sufficient data"))
        let batch = try sandboxBatch(user: "g6", days: 14)
        let (fileStatus, fromFile, _) = await report(["batch.json"], io: MemoryIO(files: ["batch.json": batch]))
        #expect(fileStatus == .success)
        #expect(fromFile.contains("14 (worn 14)") && fromFile.contains("Sufficient data"))
        let (stdinStatus, fromStdin, _) = await report(["--days", "7"], io: MemoryIO(standardInput: batch))
        #expect(stdinStatus == .success)
        #expect(fromStdin.contains("7 (worn 7)") && fromStdin.contains("Not sufficient"))
    }

    @Test("The mmol/L user's report is in mmol/L; --unit overrides")
    func units() async {
        let (_, mmol, _) = await report(["--sandbox", "mmol", "--days", "3", "--format", "svg"])
        #expect(mmol.contains(">target range 3.9–10.0 mmol/L<") && !mmol.contains("mg/dL"))
        let (_, mg, _) = await report(["--sandbox", "mmol", "--days", "3", "--format", "svg", "--unit", "mg/dL"])
        #expect(mg.contains(">target range 70–180 mg/dL<"))
    }

    @Test("--out writes the file and nothing to standard output")
    func out() async {
        let (status, text, io) = await report(["--sandbox", "g7", "--days", "2", "--out", "r/agp.html"])
        #expect(status == .success)
        #expect(text.isEmpty)
        #expect(String(decoding: io.files["r/agp.html"] ?? [], as: UTF8.self).hasPrefix("<!DOCTYPE html>"))
    }

    @Test("--out into a folder that does not exist exits 73 and creates nothing")
    func outMissingFolder() async {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cgmkit-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("agp.html").path
        let status = await CommandLineTool(io: StandardCommandIO())
            .runAsync(["report", "--sandbox", "g7", "--days", "1", "--out", path])
        #expect(status == .cannotCreate)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    @Test(
        "Input that is not a batch exits 65 with one error line; a missing file 66",
        arguments: [
            "not json", #"{"schema":"something.else","readings":[]}"#, #"{"schema":"cgmkit.batch.v1"}"#, "[]", "",
        ])
    func notABatch(input: String) async {
        let (status, text, io) = await report([], io: MemoryIO(standardInput: Array(input.utf8)))
        #expect(status == .dataError)
        #expect(text.isEmpty)
        #expect(io.standardError.hasPrefix("error: ") && io.standardError.filter { $0 == "\n" }.count == 1)
        let (missing, _, _) = await report(["nowhere.json"])
        #expect(missing == .noInput)
    }

    @Test(
        "A batch with an unreadable reading is refused whole (the strict BatchDecoder), naming the field, not the value"
    )
    func unreadableReading() async {
        let batch =
            #"{"schema":"cgmkit.batch.v1","provider":"t","readings":[{"id":"t:1","provider":"t","time":"2026-01-01T00:00:00Z","value":120,"unit":"mg/dL","status":"ok","trend":"flat","trendRate":null},{"id":"t:2","provider":"t","time":"yesterday","value":1,"unit":"mg/dL","status":"ok","trend":"flat","trendRate":null}],"calibrations":[],"events":[],"alerts":[],"devices":[],"dataRange":null,"issues":[]}"#
        let (status, html, io) = await report([], io: MemoryIO(standardInput: Array(batch.utf8)))
        #expect(status == .dataError)
        #expect(html.isEmpty)
        #expect(io.standardError.hasPrefix("error: ") && io.standardError.contains("readings[1].time"))
        #expect(!io.standardError.contains("yesterday"))
    }

    @Test(
        "Bad options are usage errors",
        arguments: [
            ["--format", "pdf"], ["--sandbox", "nobody"], ["--days", "0"], ["--unit", "kg"], ["--bogus"],
            ["a.json", "--sandbox", "g7"], ["a.json", "b.json"],
        ])
    func usage(arguments: [String]) async {
        let (status, text, io) = await report(arguments)
        #expect(status == .usage)
        #expect(text.isEmpty)
        #expect(io.standardError.hasPrefix("error: "))
    }
}
