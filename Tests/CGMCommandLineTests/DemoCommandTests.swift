import CGMCommandLine
import CGMKit
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Collects element names while parsing, and whether the document was well formed.
private final class ElementCollector: NSObject, XMLParserDelegate {
    var names: [String] = []
    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        names.append(elementName)
    }
}

@Suite("cgm demo and cgm sandbox")
struct DemoCommandTests {
    private func demo(_ arguments: [String]) async -> (ExitCode, String, MemoryIO) {
        let io = MemoryIO()
        let status = await CommandLineTool(io: io).runAsync(["demo"] + arguments)
        return (status, String(decoding: io.standardOutput, as: UTF8.self), io)
    }

    @Test("The demo shows the chart, the latest value with its arrow and age, and the summary")
    func demoOutput() async {
        let (status, text, _) = await demo([])
        #expect(status == .success)
        #expect(text.contains("through the real dexcom_v3 adapter"))
        #expect(text.contains(" 0 issues."))
        #expect(text.contains("Last 24 hours (mg/dL"))
        #expect(text.contains("  180 ┤") && text.contains("   70 ┤"))
        #expect(text.contains("Latest: ") && text.contains(" min ago"))
        #expect(text.contains("In range      70–180"))
        #expect(text.contains("GMI "))
        #expect(text.split(separator: "\n").count > 30)
    }

    @Test("The demo is deterministic", arguments: ["g7", "g6", "receiver", "mmol"])
    func deterministic(user: String) async {
        let first = await demo(["--user", user])
        let second = await demo(["--user", user])
        #expect(first.0 == .success)
        #expect(first.1 == second.1)
    }

    @Test("--unit mmol/L shows mmol/L bands; the mmol user reads mmol/L by default")
    func units() async {
        let (_, converted, _) = await demo(["--unit", "mmol/L"])
        #expect(converted.contains("In range    3.9–10.0") && converted.contains("mmol/L"))
        let (_, mmolUser, _) = await demo(["--user", "mmol"])
        #expect(mmolUser.contains("Time in ranges (mmol/L)"))
    }

    @Test("14 days are enough for the consensus figures; Share serves one day")
    func days() async {
        let (_, text, _) = await demo(["--days", "14"])
        #expect(text.contains("Data: 14.0 days"))
        #expect(text.contains("Enough data"))
        let (status, share, _) = await demo(["--provider", "dexcom"])
        #expect(status == .success)
        #expect(share.contains("through the real dexcom adapter"))
    }

    @Test("--svg writes an AGP profile that parses as XML with bands, median and target")
    func svg() async throws {
        let (status, text, io) = await demo(["--days", "14", "--svg", "out/agp.svg"])
        #expect(status == .success)
        #expect(text.contains("Wrote the AGP daily profile to out/agp.svg."))
        let bytes = try #require(io.files["out/agp.svg"])
        let parser = XMLParser(data: Data(bytes))
        let collector = ElementCollector()
        parser.delegate = collector
        #expect(parser.parse())
        #expect(collector.names.first == "svg")
        #expect(collector.names.filter { $0 == "polygon" }.count == 2)
        #expect(collector.names.contains("polyline"))
        #expect(String(decoding: bytes, as: UTF8.self).contains(#"xmlns="http://www.w3.org/2000/svg""#))
    }

    @Test(
        "Bad options are usage errors",
        arguments: [
            ["--user", "nobody"], ["--days", "0"], ["--days", "91"],
            ["--unit", "kg"], ["--provider", "libre"], ["--provider", "nightscout"], ["--bogus"],
        ])
    func usage(arguments: [String]) async {
        let (status, text, io) = await demo(arguments)
        #expect(status == .usage)
        #expect(text.isEmpty)
        #expect(io.standardError.hasPrefix("error: "))
    }

    @Test(
        "cgm sandbox writes raw payloads that cgm normalize reads with zero issues",
        arguments: [
            ["--provider", "dexcom_v3"], ["--provider", "dexcom_v3", "--endpoint", "events"],
            ["--provider", "dexcom_v3", "--endpoint", "dataRange"], ["--provider", "dexcom"],
        ])
    func sandboxPayloads(arguments: [String]) throws {
        let io = MemoryIO()
        #expect(CommandLineTool(io: io).run(["sandbox", "--user", "g6", "--days", "3"] + arguments) == .success)
        let provider = arguments[1]
        let normalized = MemoryIO(standardInput: io.standardOutput)
        #expect(CommandLineTool(io: normalized).run(["normalize", "--provider", provider, "--compact"]) == .success)
        let text = String(decoding: normalized.standardOutput, as: UTF8.self)
        #expect(text.contains(#""issues":[]"#))
    }

    @Test("cgm sandbox --output writes every endpoint; the same arguments give the same bytes")
    func sandboxOutput() {
        let first = MemoryIO()
        let second = MemoryIO()
        #expect(
            CommandLineTool(io: first).run(["sandbox", "--user", "receiver", "--days", "2", "--output", "d"])
                == .success)
        #expect(
            CommandLineTool(io: second).run(["sandbox", "--user", "receiver", "--days", "2", "--output", "d"])
                == .success)
        #expect(
            first.files.keys.sorted() == [
                "d/alerts.json", "d/calibrations.json", "d/dataRange.json", "d/devices.json",
                "d/egvs.json", "d/events.json",
            ])
        #expect(first.files == second.files)
    }

    @Test("An SVG or output folder that cannot be written exits 73 with one error line")
    func unwritable() async {
        let io = MemoryIO()
        io.failsWrites = true
        #expect(await CommandLineTool(io: io).runAsync(["demo", "--svg", "nowhere/agp.svg"]) == .cannotCreate)
        #expect(io.standardOutput.isEmpty)
        #expect(io.standardError == "error: could not write the SVG file (its folder must exist)\n")
        let sandbox = MemoryIO()
        sandbox.failsWrites = true
        #expect(CommandLineTool(io: sandbox).run(["sandbox", "--output", "nowhere"]) == .cannotCreate)
        #expect(
            sandbox.standardError == "error: could not write to the output folder (it must exist and be writable)\n")
    }

    @Test("The standard I/O writes into an existing folder and never creates a missing one")
    func standardWriteFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cgmkit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("agp.svg").path
        try StandardCommandIO().writeFile(at: path, bytes: Array("<svg/>".utf8))
        #expect(FileManager.default.contents(atPath: path) == Data("<svg/>".utf8))

        let nested = folder.appendingPathComponent("missing/agp.svg").path
        #expect(throws: (any Error).self) { try StandardCommandIO().writeFile(at: nested, bytes: Array("<svg/>".utf8)) }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("missing").path))
    }

    @Test("cgm demo --svg into a missing folder exits 73 and creates nothing")
    func demoMissingFolder() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cgmkit-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("agp.svg").path
        let status = await CommandLineTool(io: StandardCommandIO()).runAsync(["demo", "--svg", path])
        #expect(status == .cannotCreate)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }
}
