import CGMCommandLine
import CGMKit
import CGMKitSandbox
import Foundation
import Testing

/// `cgm` with `--provider librelinkup`: normalize, fetch, demo and sandbox (SPEC §5, §8).
@Suite("cgm with librelinkup")
struct LibreLinkUpCommandTests {
    private func run(_ arguments: [String], io: MemoryIO) async -> ExitCode {
        await CommandLineTool(io: io).runAsync(arguments)
    }

    @Test(
        "normalize exits 65 on an error status, a login answer and several patients, naming each",
        arguments: [
            (#"{"status":2,"error":{"message":"notAuthenticated"}}"#, "status 2"),
            (#"{"status":429,"data":{"code":60,"data":{"lockout":300},"message":"locked"}}"#, "status 429"),
            (#"{"data":{"minimumVersion":"4.16.0"},"status":920}"#, "status 920"),
            (#"{"status":0,"data":{"redirect":true,"region":"eu2"}}"#, "login answer"),
            (#"{"status":0,"data":[{"patientId":"a"},{"patientId":"b"}]}"#, "2 patients"),
            ("<html><title>Attention Required! | Cloudflare</title></html>", "JSON"),
        ])
    func normalizeRefuses(vector: (String, String)) async {
        let io = MemoryIO(standardInput: Array(vector.0.utf8))
        #expect(await run(["normalize", "--provider", "librelinkup"], io: io) == .dataError)
        #expect(io.standardOutput.isEmpty)
        #expect(io.standardError.hasPrefix("error: "))
        #expect(io.standardError.contains(vector.1))
    }

    @Test("fetch logs in with the environment's credentials and prints the graph; the password is never printed")
    func fetches() async throws {
        let server = SandboxServer(user: .libre3, days: 1)
        let environment = [
            "LIBRELINKUP_EMAIL": SandboxServer.libreLinkUpEmail(for: .libre3),
            "LIBRELINKUP_PASSWORD": SandboxServer.password,
        ]
        let io = MemoryIO(environment: environment, transport: server)
        #expect(await run(["fetch", "--provider", "librelinkup", "--region", "eu", "--compact"], io: io) == .success)
        let batch = try JSONReader().read(io.standardOutput).objectValue
        #expect(batch?["provider"]?.stringValue == "librelinkup")
        #expect((batch?["readings"]?.arrayValue?.count ?? 0) > 100)
        #expect(await server.requestCount == 3)

        let wrong = MemoryIO(
            environment: ["LIBRELINKUP_EMAIL": "x@example.org", "LIBRELINKUP_PASSWORD": "PASSWORD-CANARY"],
            transport: server)
        #expect(await run(["fetch", "--provider", "librelinkup", "--region", "eu"], io: wrong) == .noPermission)
        #expect(!wrong.standardError.contains("PASSWORD-CANARY"))
        #expect(wrong.standardError.contains("credentialsRejected"))
    }

    @Test(
        "fetch usage errors exit 64 without a request",
        arguments: [
            ["fetch", "--provider", "librelinkup"],
            ["fetch", "--provider", "librelinkup", "--region", "ous"],
            ["fetch", "--provider", "librelinkup", "--region", "eu", "--minutes", "30"],
            ["fetch", "--provider", "dexcom", "--region", "us", "--logbook"],
            ["fetch", "--provider", "librelinkup", "--region", "eu", "--password", "x"],
        ])
    func badUsage(arguments: [String]) async {
        let server = SandboxServer(user: .libre3, days: 1)
        let io = MemoryIO(
            environment: ["LIBRELINKUP_EMAIL": "a@b.c", "LIBRELINKUP_PASSWORD": "p"], transport: server)
        #expect(await run(arguments, io: io) == .usage)
        #expect(await server.requestCount == 0)
    }

    @Test("a LIBRELINKUP_PATIENT_ID that is not a patientId exits 64 without a request")
    func badPatientID() async {
        let server = SandboxServer(user: .libre3, days: 1)
        let io = MemoryIO(
            environment: [
                "LIBRELINKUP_EMAIL": SandboxServer.libreLinkUpEmail(for: .libre3),
                "LIBRELINKUP_PASSWORD": SandboxServer.password, "LIBRELINKUP_PATIENT_ID": "../../../auth/login",
            ], transport: server)
        #expect(await run(["fetch", "--provider", "librelinkup", "--region", "eu"], io: io) == .usage)
        #expect(io.standardError.contains("patientID"))
        #expect(await server.requestCount == 0)
    }

    @Test("missing credentials name the variables")
    func missingCredentials() async {
        let io = MemoryIO(environment: ["LIBRELINKUP_EMAIL": "a@b.c"])
        #expect(await run(["fetch", "--provider", "librelinkup", "--region", "eu"], io: io) == .usage)
        #expect(io.standardError.contains("LIBRELINKUP_PASSWORD"))
    }

    @Test("demo --provider librelinkup runs offline through the real client, as the libre3 user")
    func demo() async {
        let io = MemoryIO()
        #expect(await run(["demo", "--provider", "librelinkup"], io: io) == .success)
        let output = String(decoding: io.standardOutput, as: UTF8.self)
        #expect(output.contains("'libre3'"))
        #expect(output.contains("real librelinkup adapter: 3 requests"))
        #expect(output.contains("0 issues"))
        #expect(output.contains("mmol/L"))
    }

    @Test("sandbox --provider librelinkup writes graph, logbook and connections that normalize cleanly")
    func sandbox() async throws {
        let io = MemoryIO()
        #expect(await run(["sandbox", "--provider", "librelinkup", "--output", "out"], io: io) == .success)
        #expect(
            io.files.keys.sorted() == [
                "out/librelinkup-connections.json", "out/librelinkup-graph.json", "out/librelinkup-logbook.json",
            ])
        for (_, bytes) in io.files {
            let normalize = MemoryIO(standardInput: bytes)
            #expect(await run(["normalize", "--provider", "librelinkup"], io: normalize) == .success)
        }
    }

    @Test("normalize --connection N reads one patient of a connections answer listing several")
    func normalizeChoosesConnection() async throws {
        let answer = #"""
            {"status":0,"data":[
             {"patientId":"a","glucoseMeasurement":{"FactoryTimestamp":"3/1/2026 8:00:00 AM",
              "Timestamp":"3/1/2026 9:00:00 AM","ValueInMgPerDl":101,"TrendArrow":3}},
             {"patientId":"b","glucoseMeasurement":{"FactoryTimestamp":"3/1/2026 8:05:00 AM",
              "Timestamp":"3/1/2026 9:05:00 AM","ValueInMgPerDl":202,"TrendArrow":3}}]}
            """#
        for (index, value) in [(0, 101.0), (1, 202.0)] {
            let io = MemoryIO(standardInput: Array(answer.utf8))
            #expect(
                await run(["normalize", "--provider", "librelinkup", "--connection", "\(index)", "--compact"], io: io)
                    == .success)
            let readings = try JSONReader().read(io.standardOutput).objectValue?["readings"]?.arrayValue
            #expect(readings?.count == 1)
            #expect(readings?.first?.objectValue?["value"]?.numberValue?.doubleValue == value)
        }
        let outOfRange = MemoryIO(standardInput: Array(answer.utf8))
        #expect(
            await run(["normalize", "--provider", "librelinkup", "--connection", "2"], io: outOfRange) == .dataError)
        let unchosen = MemoryIO(standardInput: Array(answer.utf8))
        #expect(await run(["normalize", "--provider", "librelinkup"], io: unchosen) == .dataError)
        #expect(unchosen.standardError.contains("--connection N"))
        let otherProvider = MemoryIO(standardInput: Array(answer.utf8))
        #expect(await run(["normalize", "--provider", "nightscout", "--connection", "0"], io: otherProvider) == .usage)
    }

    @Test(
        "demo: libre3 is read through librelinkup only, and a lone --user libre3 picks it",
        arguments: [
            (["demo", "--user", "libre3"], ExitCode.success),
            (["demo", "--user", "libre3", "--provider", "dexcom_v3"], .usage),
            (["demo", "--user", "g7", "--provider", "librelinkup"], .usage),
        ])
    func demoPairsLibreWithLibreLinkUp(arguments: [String], exit: ExitCode) async {
        let io = MemoryIO()
        #expect(await run(arguments, io: io) == exit)
        if exit == .success {
            #expect(String(decoding: io.standardOutput, as: UTF8.self).contains("real librelinkup adapter"))
        }
    }
}
