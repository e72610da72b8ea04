import CGMCommandLine
import CGMKit
import Foundation
import Testing

/// An in-memory ``CommandIO``: standard input and files from dictionaries, output captured.
final class MemoryIO: CommandIO, @unchecked Sendable {
    var standardInput: [UInt8]
    var files: [String: [UInt8]]
    var standardOutput: [UInt8] = []
    var standardError = ""
    var environment: [String: String]
    var transport: any HTTPTransport

    init(
        standardInput: [UInt8] = [], files: [String: [UInt8]] = [:], environment: [String: String] = [:],
        transport: any HTTPTransport = ClosureTransport { _ in HTTPResponse(statusCode: 599) }
    ) {
        self.standardInput = standardInput
        self.files = files
        self.environment = environment
        self.transport = transport
    }

    func makeTransport() -> any HTTPTransport { transport }

    func readStandardInput(limit: Int) throws -> [UInt8]? {
        standardInput.count > limit ? nil : standardInput
    }

    func readFile(at path: String, limit: Int) throws -> [UInt8]? {
        guard let bytes = files[path] else { throw CocoaError(.fileNoSuchFile) }
        return bytes.count > limit ? nil : bytes
    }

    func writeStandardOutput(_ bytes: [UInt8]) { standardOutput += bytes }
    func writeStandardError(_ text: String) { standardError += text }
    var failsWrites = false

    func writeFile(at path: String, bytes: [UInt8]) throws {
        if failsWrites { throw CocoaError(.fileWriteNoPermission) }
        files[path] = bytes
    }
}

private let egvs = Array(
    #"{"recordType":"egv","recordVersion":"3.0","records":[{"recordId":"a","systemTime":"2024-01-01T00:00:00Z","value":100,"trend":"flat","trendRate":1},17]}"#
        .utf8)

@Suite("cgm normalize")
struct NormalizeCommandTests {
    private func run(_ arguments: [String], io: MemoryIO) -> ExitCode {
        CommandLineTool(io: io).run(arguments)
    }

    @Test("reads standard input and prints one batch; per-record issues still exit 0")
    func normalizesStandardInput() throws {
        let io = MemoryIO(standardInput: egvs)
        #expect(run(["normalize", "--provider", "dexcom_v3"], io: io) == .success)
        let batch = try #require(try JSONReader().read(io.standardOutput).objectValue)
        #expect(batch["schema"]?.stringValue == "cgmkit.batch.v1")
        #expect(batch["readings"]?.arrayValue?.count == 1)
        #expect(batch["issues"]?.arrayValue?.count == 1)
        #expect(io.standardError.isEmpty)
    }

    @Test("reads a file, '-' means standard input, and --unit mmol/L converts")
    func readsFileAndConverts() throws {
        let io = MemoryIO(standardInput: egvs, files: ["in.json": egvs])
        #expect(
            run(["normalize", "--unit", "mmol/L", "--provider=dexcom_v3", "in.json", "--compact"], io: io) == .success)
        let text = String(decoding: io.standardOutput, as: UTF8.self)
        #expect(text.contains(#""value":5.6,"unit":"mmol/L""#))
        #expect(text.contains(#""trendRate":0.06"#))
        #expect(!text.contains("\n  "))

        let fromStandardInput = MemoryIO(standardInput: egvs)
        #expect(
            run(
                ["normalize", "--provider", "dexcom_v3", "--unit", "mmol/L", "--compact", "-"],
                io: fromStandardInput) == .success)
        #expect(fromStandardInput.standardOutput == io.standardOutput)
    }

    @Test("--conversion divide-by-18 uses the ÷18 convention")
    func divideBy18() {
        let payload = Array(
            #"{"records":[{"recordId":"a","systemTime":"2024-01-01T00:00:00Z","value":81.9,"trend":"flat"}]}"#.utf8)
        let standard = MemoryIO(standardInput: payload)
        _ = run(["normalize", "--provider", "dexcom_v3", "--unit", "mmol/L", "--compact"], io: standard)
        let plain = MemoryIO(standardInput: payload)
        _ = run(
            ["normalize", "--provider", "dexcom_v3", "--unit", "mmol/L", "--conversion", "divide-by-18", "--compact"],
            io: plain)
        #expect(String(decoding: standard.standardOutput, as: UTF8.self).contains(#""value":4.5"#))
        #expect(String(decoding: plain.standardOutput, as: UTF8.self).contains(#""value":4.6"#))
    }

    /// Inputs that are not a Dexcom v3 payload, and a word of the expected message.
    static let notPayloads: [([UInt8], String)] = [
        ([], "JSON"),
        (Array("garbage".utf8), "JSON"),
        (Array(#"{"records":["#.utf8), "JSON"),
        ([0xFF, 0xFE, 0x7B, 0x7D], "JSON"),
        (Array(#""text""#.utf8), "string"),
        (Array("3".utf8), "number"),
        (Array("null".utf8), "null"),
        (Array(#"{"error":"invalid_grant"}"#.utf8), "error"),
        (Array(#"{"Code":"SessionNotValid","Message":"SessionId = 1234"}"#.utf8), "Share"),
        (Array(#"{"unit":"mg/dL","rateUnit":"mg/dL/min","egvs":[]}"#.utf8), "v2"),
        (Array(#"{"userId":"u"}"#.utf8), "records"),
        (Array(String(repeating: "[", count: 10_000).utf8), "limit"),
    ]

    @Test("not a payload: exit 65, one line on stderr, nothing on stdout", arguments: notPayloads)
    func rejectsNonPayloads(input: [UInt8], word: String) {
        let io = MemoryIO(standardInput: input)
        #expect(run(["normalize", "--provider", "dexcom_v3"], io: io) == .dataError)
        #expect(io.standardOutput.isEmpty)
        #expect(io.standardError.hasPrefix("error: "))
        #expect(io.standardError.hasSuffix("\n"))
        #expect(io.standardError.filter { $0 == "\n" }.count == 1)
        #expect(io.standardError.contains(word), "\(io.standardError)")
        #expect(!io.standardError.contains("1234"))
    }

    @Test("--provider nightscout reads entries and treatments; a Nightscout error body exits 65")
    func nightscout() throws {
        let io = MemoryIO(
            standardInput: Array(
                #"[{"_id":"e1","type":"sgv","date":1792771200000,"sgv":39,"direction":"NOT COMPUTABLE"},{"_id":"t1","eventType":"Meal Bolus","created_at":"2026-10-23T16:00:00Z","carbs":30}]"#
                    .utf8))
        #expect(run(["normalize", "--provider", "nightscout", "--compact"], io: io) == .success)
        let batch = try #require(try JSONReader().read(io.standardOutput).objectValue)
        #expect(batch["provider"]?.stringValue == "nightscout")
        #expect(batch["readings"]?.arrayValue?.first?.objectValue?["status"]?.stringValue == "belowRange")
        #expect(batch["events"]?.arrayValue?.count == 1)
        let refused = MemoryIO(standardInput: Array(#"{"status":401,"message":"Unauthorized"}"#.utf8))
        #expect(run(["normalize", "--provider", "nightscout"], io: refused) == .dataError)
        #expect(refused.standardOutput.isEmpty)
    }

    /// Issue 22's inputs, exactly as reported: provider, payload, exit, readings (status and mg/dL value),
    /// events' mg/dL values, issue codes.
    static let issue22Inputs: [(String, String, ExitCode, [String], [Double], [String])] = [
        (
            "nightscout",
            #"[{"_id":"a1","type":"sgv","sgv":37,"direction":"Flat","device":"phone-uploader","date":1773129900000}]"#,
            .success, ["belowRange 40"], [], []
        ),
        (
            "nightscout", #"[{"_id":"b1","type":"sgv","sgv":5474.51,"date":1773129600000}]"#, .success, [], [],
            ["invalidValue"]
        ),
        (
            "nightscout", #"[{"_id":"c1","type":"sgv","sgv":55,"trend":"FortyFiveDown","date":1773130200000}]"#,
            .success, ["ok 55"], [], []
        ),
        (
            "nightscout",
            #"{"status":200,"result":[{"identifier":"d1","date":1773129600000,"type":"sgv","sgv":120,"app":"AAPS"}]}"#,
            .success, ["ok 120"], [], []
        ),
        (
            "dexcom",
            #"[{"DT":"/Date(1773111600000+0000)/","ST":"/Date(1773129600000)/","WT":"/Date(1773129600000)/","Value":147,"Trend":4}]"#,
            .success, ["ok 147"], [], []
        ),
        (
            "nightscout",
            #"[{"_id":"f1","eventType":"BG Check","glucose":140,"glucoseType":"Finger","created_at":"2026-03-10T21:36:06+01:00"}]"#,
            .success, [], [140], ["missingField"]
        ),
        (
            "nightscout",
            #"[{"_id":"g1","type":"sgv","sgv":142,"direction":"Flat","date":1773129600000},{"_id":"g2","type":"sgv","sgv":142,"date":1773129600000}]"#,
            .success, ["ok 142"], [], []
        ),
        (
            "nightscout",
            #"[{"_id":"h1","eventType":"BG Check","glucose":40,"units":"mmol","created_at":"2026-03-10T21:36:06+01:00"}]"#,
            .success, [], [], ["invalidValue"]
        ),
    ]

    @Test("issue 22's reported inputs give the right batch", arguments: issue22Inputs)
    func issue22(
        provider: String, payload: String, exit: ExitCode, readings: [String], events: [Double],
        issues: [String]
    ) throws {
        let io = MemoryIO(standardInput: Array(payload.utf8))
        #expect(run(["normalize", "--provider", provider, "--compact"], io: io) == exit)
        let batch = try #require(try JSONReader().read(io.standardOutput).objectValue)
        let kept = (batch["readings"]?.arrayValue ?? []).compactMap(\.objectValue).map {
            "\($0["status"]?.stringValue ?? "") \($0["value"]?.numberValue?.text ?? "null")"
        }
        #expect(kept == readings)
        #expect(
            (batch["events"]?.arrayValue ?? []).compactMap { $0.objectValue?["value"]?.numberValue?.doubleValue }
                == events)
        #expect((batch["issues"]?.arrayValue ?? []).compactMap { $0.objectValue?["code"]?.stringValue } == issues)
        if provider == "dexcom" {
            #expect(batch["readings"]?.arrayValue?.first?.objectValue?["utcOffset"]?.numberValue?.doubleValue == -300)
        }
        if payload.contains("FortyFiveDown") {
            #expect(batch["readings"]?.arrayValue?.first?.objectValue?["trend"]?.stringValue == "fortyFiveDown")
        }
    }

    @Test("input over the 16 MiB document limit is refused without being read whole")
    func refusesHugeInput() {
        let io = MemoryIO(
            standardInput: [UInt8](repeating: 0x20, count: JSONReaderLimits.default.maximumDocumentBytes + 1))
        #expect(run(["normalize", "--provider", "dexcom_v3"], io: io) == .dataError)
        #expect(io.standardOutput.isEmpty)
        #expect(io.standardError.contains("limit"))
    }

    @Test(
        "bad usage exits 64 with nothing on stdout",
        arguments: [
            ["normalize"],
            ["normalize", "--provider"],
            ["normalize", "--provider", "libre"],
            ["normalize", "--provider", "dexcom_v3", "--unit", "g/L"],
            ["normalize", "--provider", "dexcom_v3", "--conversion", "17"],
            ["normalize", "--provider", "dexcom_v3", "--verbose"],
            ["normalize", "--provider", "dexcom_v3", "a.json", "b.json"],
            ["frobnicate"],
            [],
        ])
    func rejectsBadUsage(arguments: [String]) {
        let io = MemoryIO(standardInput: egvs)
        #expect(run(arguments, io: io) == .usage)
        #expect(io.standardOutput.isEmpty)
        #expect(io.standardError.hasPrefix("error: ") || io.standardError.hasPrefix("usage: "))
    }

    @Test("a file that cannot be opened exits 66 without naming it")
    func missingFile() {
        let io = MemoryIO()
        #expect(run(["normalize", "--provider", "dexcom_v3", "patient-jane-doe.json"], io: io) == .noInput)
        #expect(io.standardOutput.isEmpty)
        #expect(!io.standardError.contains("jane"))
    }

    @Test("help prints usage and succeeds")
    func help() {
        let help = MemoryIO()
        #expect(run(["--help"], io: help) == .success)
        let text = String(decoding: help.standardOutput, as: UTF8.self)
        // Every command's synopsis is listed (a long synopsis wraps, so its words are checked).
        for command in ["normalize", "export", "fetch", "demo", "report", "sandbox"] {
            #expect(text.contains("  cgm \(command)"), "\(command)")
        }
        #expect(text.contains("--provider dexcom_v3|dexcom|nightscout|librelinkup|dexcom_clarity|libreview"))
        #expect(text.contains("[--time-zone ZONE] [--date-order mdy|dmy]"))
    }
}
