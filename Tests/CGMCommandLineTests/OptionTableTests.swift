import CGMKit
import Testing

@testable import CGMCommandLine

/// The option tables: help, version, one-line errors, and the parsing rules every
/// subcommand shares (Docs/CommandLine.md).
@Suite("cgm option tables")
struct OptionTableTests {
    private static let names = ["normalize", "export", "fetch", "demo", "report", "sandbox"]

    private func run(_ arguments: [String], io: MemoryIO = MemoryIO()) async -> (ExitCode, String, String) {
        let status = await CommandLineTool(io: io).runAsync(arguments)
        return (status, String(decoding: io.standardOutput, as: UTF8.self), io.standardError)
    }

    @Test(
        "cgm <command> --help (and -h, and cgm help <command>) prints every option of the table and exits 0",
        arguments: names)
    func help(name: String) async throws {
        let spec = try #require(CommandLineTool.commands.first { $0.name == name })
        for arguments in [[name, "--help"], [name, "-h"], ["help", name], [name, "--unit", "kg", "--help"]] {
            let (status, output, error) = await run(arguments)
            #expect(status == .success)
            #expect(error.isEmpty)
            #expect(output.hasPrefix("usage: cgm \(name)"))
            for option in spec.options { #expect(output.contains(option.name)) }
        }
    }

    @Test("cgm --help lists every command; cgm --version prints the version")
    func topLevel() async {
        let (status, output, _) = await run(["--help"])
        #expect(status == .success)
        for name in Self.names { #expect(output.contains("cgm \(name)")) }
        let (versionStatus, version, _) = await run(["--version"])
        #expect(versionStatus == .success)
        #expect(version == "cgm \(CommandLineTool.version)\n")
    }

    @Test(
        "a usage error is one error line plus a pointer to the command's help, nothing on stdout",
        arguments: [
            (["normalize", "--provider", "dexcom_v3", "--verbose"], "normalize", "unknown option '--verbose'"),
            (["normalize", "--provider", "--unit", "mmol/L"], "normalize", "--provider needs a value"),
            (["normalize", "--unit", "mmol/L"], "normalize", "--provider is required"),
            (
                ["normalize", "--provider", "dexcom", "--unit", "mmol/L", "--unit", "mg/dL"], "normalize",
                "--unit is given twice"
            ),
            (["normalize", "--provider", "dexcom", "--compact=yes"], "normalize", "--compact takes no value"),
            (["normalize", "--provider", "dexcom", "a.json", "b.json"], "normalize", "only one FILE is read"),
            (["demo", "--days", "--svg"], "demo", "--days needs a value"),
            (["demo", "stray"], "demo", "demo takes no operand"),
            (
                ["sandbox", "--endpoint", "glucose"], "sandbox",
                "--endpoint must be one of egvs, calibrations, events, alerts, devices, dataRange"
            ),
            (["fetch", "--provider", "dexcom"], "fetch", "--region is required"),
            (["sandbox", "--output", ""], "sandbox", "--output needs a value"),
            (["sandbox", "--output="], "sandbox", "--output needs a value"),
            (["report", "--sandbox", "g7", "--out", ""], "report", "--out needs a value"),
        ] as [([String], String, String)])
    func oneLineErrors(arguments: [String], command: String, message: String) async {
        let io = MemoryIO(environment: ["DEXCOM_USERNAME": "a", "DEXCOM_PASSWORD": "b"])
        let (status, output, error) = await run(arguments, io: io)
        #expect(status == .usage)
        #expect(output.isEmpty)
        #expect(error == "error: \(message)\nsee 'cgm \(command) --help'\n")
    }

    @Test(
        "the same mistake gets the same words in every command",
        arguments: [
            ["normalize", "--provider", "dexcom_v3"], ["fetch", "--provider", "dexcom", "--region", "us"], ["demo"],
        ])
    func sameWording(prefix: [String]) async {
        let io = MemoryIO(environment: ["DEXCOM_USERNAME": "a", "DEXCOM_PASSWORD": "b"])
        let (status, _, error) = await run(prefix + ["--unit", "g/L"], io: io)
        #expect(status == .usage)
        #expect(error.hasPrefix("error: --unit must be mg/dL or mmol/L\n"))
    }

    @Test("an unknown command points to cgm --help")
    func unknownCommand() async {
        let (status, output, error) = await run(["frobnicate"])
        #expect(status == .usage)
        #expect(output.isEmpty)
        #expect(error == "error: unknown command 'frobnicate'\nsee 'cgm --help'\n")
    }

    @Test("'-' is standard input, '--' ends the options, --name=value equals --name value")
    func parsingRules() throws {
        let parsed = try #require(try NormalizeCommand.spec.parse(["--provider=dexcom", "--", "-odd-name.json"]))
        #expect(parsed.value("--provider") == "dexcom")
        #expect(parsed.operands == ["-odd-name.json"])
        let stdin = try #require(try NormalizeCommand.spec.parse(["-", "--provider", "dexcom"]))
        #expect(stdin.operands == ["-"])
    }

    @Test("after '--', '--help' is a file name, not a request for help")
    func helpAfterDoubleDash() throws {
        let parsed = try #require(try ExportCommand.spec.parse(["--format", "csv", "--", "--help"]))
        #expect(parsed.operands == ["--help"])
    }

    @Test("the usage line marks required options and brackets the rest")
    func usageLine() {
        #expect(NormalizeCommand.spec.usageLine.hasPrefix("cgm normalize --provider "))
        #expect(NormalizeCommand.spec.usageLine.contains("[--unit mg/dL|mmol/L]"))
        #expect(NormalizeCommand.spec.usageLine.hasSuffix("[--compact] [FILE]"))
    }
}
