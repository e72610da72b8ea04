import CGMCommandLine
import CGMKit
import Foundation
import Testing

private let batch = Array(
    #"""
    {"schema":"cgmkit.batch.v1","provider":"sandbox","readings":[
    {"id":"sandbox:1","provider":"sandbox","time":"2025-01-30T23:45:00Z","value":40,"unit":"mg/dL","status":"belowRange","trend":"flat","trendRate":null},
    {"id":"sandbox:2","provider":"sandbox","time":"2025-01-30T23:50:00Z","value":101,"unit":"mg/dL","status":"ok","trend":"flat","trendRate":null},
    {"id":"sandbox:3","provider":"sandbox","time":"2025-01-30T23:55:00Z","value":250,"unit":"mg/dL","status":"ok","trend":"flat","trendRate":null}],
    "calibrations":[],"events":[],"alerts":[],"devices":[],"dataRange":null,"issues":[]}
    """#.utf8)

@Suite("cgm export")
struct ExportCommandTests {
    private func run(_ arguments: [String], input: [UInt8] = batch, files: [String: [UInt8]] = [:]) -> (
        ExitCode, MemoryIO
    ) {
        let io = MemoryIO(standardInput: input, files: files)
        return (CommandLineTool(io: io).run(["export"] + arguments), io)
    }

    @Test("Every format reads standard input or a FILE and exits 0", arguments: ["fhir", "omh", "csv", "iglu"])
    func formats(format: String) throws {
        let arguments = ["--format", format, "--subject", "Patient/1", "--timestamp", "2025-03-10T09:00:00Z"]
        let (status, io) = run(arguments)
        #expect(status == .success)
        #expect(!io.standardOutput.isEmpty && io.standardError.isEmpty)
        let (fileStatus, fileIO) = run(arguments + ["batch.json"], input: [], files: ["batch.json": batch])
        #expect(fileStatus == .success && fileIO.standardOutput == io.standardOutput)
    }

    @Test("The FHIR options reach the Bundle")
    func fhirOptions() throws {
        let (status, io) = run([
            "--format=fhir", "--subject=Patient/p-9", "--identifier-system", "urn:oid:1.2.3",
            "--unit", "mmol/L", "--out-of-range", "comparator", "--period", "2025-01-30/2025-01-31",
            "--timestamp", "2025-03-10T10:00:00+01:00", "--compact",
        ])
        #expect(status == .success)
        let text = String(decoding: io.standardOutput, as: UTF8.self)
        #expect(text.hasPrefix(#"{"resourceType":"Bundle""#))
        #expect(text.contains(#""timestamp":"2025-03-10T09:00:00Z""#))
        #expect(text.contains(#""code":"105272-9""#) && text.contains(#""comparator":"<""#))
        #expect(
            text.contains(#""reference":"Patient/p-9""#)
                && text.contains("identifier=urn:oid:1.2.3|sandbox:1&subject=Patient/p-9"))
        #expect(text.contains(#""start":"2025-01-30","end":"2025-01-31""#))
    }

    @Test(
        "Not a batch, an unknown schema version, mixed units: exit 65, one line, nothing on stdout",
        arguments: [
            Array("not json".utf8), Array(#"{"schema":"cgmkit.batch.v2"}"#.utf8), Array("[]".utf8), [],
            Array(
                String(decoding: batch, as: UTF8.self).replacingOccurrences(
                    of: #""value":101,"unit":"mg/dL""#,
                    with: #""value":5.6,"unit":"mmol/L""#
                ).utf8),
        ])
    func notABatch(input: [UInt8]) {
        for format in ["fhir", "omh", "csv", "iglu"] {
            let (status, io) = run(["--format", format, "--subject", "Patient/1"], input: input)
            #expect(status == .dataError)
            #expect(io.standardOutput.isEmpty)
            #expect(io.standardError.hasPrefix("error: ") && io.standardError.filter { $0 == "\n" }.count == 1)
        }
    }

    @Test("A FHIR export of a batch without readings: exit 65, one line")
    func noReadings() {
        let empty = Array(
            #"{"schema":"cgmkit.batch.v1","provider":"sandbox","readings":[],"calibrations":[],"events":[],"alerts":[],"devices":[],"dataRange":null,"issues":[]}"#
                .utf8)
        let (status, io) = run(["--format", "fhir", "--subject", "Patient/1"], input: empty)
        #expect(status == .dataError && io.standardOutput.isEmpty)
        let (csvStatus, csvIO) = run(["--format", "csv"], input: empty)
        #expect(csvStatus == .success && String(decoding: csvIO.standardOutput, as: UTF8.self).hasPrefix("id,time,"))
    }

    @Test(
        "Bad usage exits 64: missing --subject for fhir, bad subject, format, option values",
        arguments: [
            ["--format", "fhir"], ["--format", "fhir", "--subject", "1"], [], ["--format", "xml"],
            ["--format", "fhir", "--subject", "Patient/1", "--out-of-range", "sentinel"],
            ["--format", "fhir", "--subject", "Patient/1", "--identifier-system", "no scheme"],
            ["--format", "fhir", "--subject", "Patient/1", "--period", "2025-02-01/2025-01-01"],
            ["--format", "omh", "--timestamp", "yesterday"], ["--format", "iglu", "--unit", "mmol/L"],
            ["--format", "csv", "a.json", "b.json"], ["--format", "csv", "--bogus"],
        ])
    func usage(arguments: [String]) {
        let (status, io) = run(arguments)
        #expect(status == .usage)
        #expect(io.standardOutput.isEmpty)
    }

    @Test("A missing FILE exits 66")
    func missingFile() {
        #expect(run(["--format", "csv", "nope.json"], input: []).0 == .noInput)
    }
}
