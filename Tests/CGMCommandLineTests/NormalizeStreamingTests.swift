import CGMCommandLine
import CGMKit
import Testing

/// Counts the chunks `cgm normalize` writes to standard output.
private final class ChunkCountingIO: CommandIO, @unchecked Sendable {
    let payload: [UInt8]
    var chunks: [[UInt8]] = []
    var standardError = ""
    var environment: [String: String] { [:] }

    init(payload: [UInt8]) { self.payload = payload }

    func makeTransport() -> any HTTPTransport { ClosureTransport { _ in HTTPResponse(statusCode: 599) } }
    func readStandardInput(limit: Int) throws -> [UInt8]? { payload.count > limit ? nil : payload }
    func readFile(at path: String, limit: Int) throws -> [UInt8]? { nil }
    func writeStandardOutput(_ bytes: [UInt8]) { chunks.append(bytes) }
    func writeStandardError(_ text: String) { standardError += text }
    func writeFile(at path: String, bytes: [UInt8]) throws {}
}

@Suite("cgm normalize streams its output")
struct NormalizeStreamingTests {
    @Test("14 days of readings leave in 64 KiB chunks that join into the one batch")
    func streamsInChunks() throws {
        let sandbox = MemoryIO()
        #expect(
            CommandLineTool(io: sandbox).run(["sandbox", "--user", "g7", "--days", "14", "--endpoint", "egvs"])
                == .success)
        let io = ChunkCountingIO(payload: sandbox.standardOutput)
        #expect(CommandLineTool(io: io).run(["normalize", "--provider", "dexcom_v3"]) == .success)
        #expect(io.standardError.isEmpty)
        let joined = io.chunks.flatMap { $0 }
        #expect(io.chunks.count > 10)
        #expect(io.chunks.dropLast().allSatisfy { $0.count >= 65_536 && $0.count < 65_536 + 4_096 })
        #expect(joined.last == 0x0A)
        let batch = try #require(try JSONReader().read(joined).objectValue)
        #expect((batch["readings"]?.arrayValue?.count ?? 0) > 3_000)
    }
}
