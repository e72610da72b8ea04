import CGMCommandLine
import CGMKit
import Foundation
import Testing

/// A Share server in a closure: login answers ids, the read answers one reading, and
/// every request is counted.
final class FakeShare: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: [String] = []
    let rejectLogin: Bool

    init(rejectLogin: Bool = false) { self.rejectLogin = rejectLogin }

    var requestedPaths: [String] {
        lock.withLock { paths }
    }

    private func record(_ path: String) {
        lock.withLock { paths.append(path) }
    }

    var transport: ClosureTransport {
        ClosureTransport { request in
            self.record(request.url.lastPathComponent)
            switch request.url.lastPathComponent {
            case "AuthenticatePublisherAccount":
                if self.rejectLogin {
                    return HTTPResponse(
                        statusCode: 500, body: Array(#"{"Code":"AccountPasswordInvalid","Message":"m"}"#.utf8))
                }
                return HTTPResponse(statusCode: 200, body: Array(#""99999999-9999-9999-9999-999999999999""#.utf8))
            case "LoginPublisherAccountById":
                return HTTPResponse(statusCode: 200, body: Array(#""55555555-5555-5555-5555-555555555555""#.utf8))
            default:
                return HTTPResponse(
                    statusCode: 200,
                    body: Array(
                        #"[{"WT":"Date(1745081013817)","ST":"Date(1745081013817)","DT":"Date(1745081013817-0400)","Value":224,"Trend":"Flat"}]"#
                            .utf8))
            }
        }
    }
}

@Suite("cgm fetch")
struct FetchCommandTests {
    private let credentials = ["DEXCOM_USERNAME": "jane", "DEXCOM_PASSWORD": "secret"]

    @Test("logs in with credentials from the environment and prints a batch")
    func fetches() async throws {
        let share = FakeShare()
        let io = MemoryIO(environment: credentials, transport: share.transport)
        let status = await CommandLineTool(io: io).runAsync([
            "fetch", "--provider", "dexcom", "--region", "ous", "--minutes", "30", "--max-count", "6",
        ])
        #expect(status == .success)
        #expect(
            share.requestedPaths == [
                "AuthenticatePublisherAccount", "LoginPublisherAccountById", "ReadPublisherLatestGlucoseValues",
            ])
        let batch = try #require(try JSONReader().read(io.standardOutput).objectValue)
        #expect(batch["provider"]?.stringValue == "dexcom")
        #expect(batch["readings"]?.arrayValue?.count == 1)
    }

    @Test("rejected credentials exit 77 and the password never appears in the output")
    func rejected() async {
        let share = FakeShare(rejectLogin: true)
        let io = MemoryIO(environment: credentials, transport: share.transport)
        let status = await CommandLineTool(io: io).runAsync(["fetch", "--provider", "dexcom", "--region", "us"])
        #expect(status == .noPermission)
        #expect(io.standardOutput.isEmpty)
        #expect(io.standardError.contains("credentialsRejected"))
        #expect(!io.standardError.contains("secret") && !io.standardError.contains("jane"))
        #expect(share.requestedPaths == ["AuthenticatePublisherAccount"])
    }

    @Test(
        "bad usage exits 64 without any request",
        arguments: [
            ["fetch", "--provider", "dexcom"],
            ["fetch", "--provider", "dexcom", "--region", "eu"],
            ["fetch", "--provider", "dexcom_v3", "--region", "us"],
            ["fetch", "--provider", "dexcom", "--region", "us", "--password", "hunter2"],
            ["fetch", "--provider", "dexcom", "--region", "us", "--minutes", "1441"],
            ["fetch", "--provider", "dexcom", "--region", "us", "--max-count", "289"],
        ])
    func badUsage(arguments: [String]) async {
        let share = FakeShare()
        let io = MemoryIO(environment: credentials, transport: share.transport)
        #expect(await CommandLineTool(io: io).runAsync(arguments) == .usage)
        #expect(share.requestedPaths.isEmpty)
        #expect(!io.standardError.contains("hunter2"))
    }

    @Test("missing environment credentials exit 64 naming the variables")
    func missingCredentials() async {
        let share = FakeShare()
        let io = MemoryIO(environment: ["DEXCOM_USERNAME": "jane"], transport: share.transport)
        #expect(await CommandLineTool(io: io).runAsync(["fetch", "--provider", "dexcom", "--region", "us"]) == .usage)
        #expect(io.standardError.contains("DEXCOM_PASSWORD"))
        #expect(share.requestedPaths.isEmpty)
    }
}
