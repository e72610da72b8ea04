import CGMKit
import CGMKitDexcom
import CGMKitLibre
import CGMKitSandbox

/// Runs a simulated user through the real adapters: the sandbox answers as Dexcom,
/// the `dexcom_v3` client authorizes and syncs (or the `dexcom` Share client logs in
/// and reads; or the sandbox answers as LibreLinkUp and the `librelinkup` client logs in
/// and reads the graph), and the normalizers build the batch. Nothing leaves the process.
struct SandboxPipeline {
    /// What the run produced.
    struct Outcome {
        /// Everything fetched, normalized.
        let batch: CGMBatch
        /// Whether every window arrived.
        let isComplete: Bool
        /// HTTP requests the adapters sent to the simulated Dexcom.
        let requestCount: Int
        /// The simulated "now".
        let now: CGMInstant
    }

    /// A clock stopped at the simulated "now", so the run is the same every time.
    struct FixedClock: CGMClock {
        let instant: CGMInstant
        func now() -> CGMInstant { instant }
    }

    let user: SandboxUser
    let days: Int
    let provider: ProviderID

    func run() async throws -> Outcome {
        let server = SandboxServer(user: user, days: days)
        let clock = FixedClock(instant: server.now)
        if provider == .libreLinkUp {
            let client = LibreLinkUpClient(
                region: .eu,
                credentials: LibreLinkUpCredentials(
                    email: SandboxServer.libreLinkUpEmail(for: user), password: SandboxServer.password),
                transport: server, clock: clock)
            let batch = try await client.graph()
            return Outcome(batch: batch, isComplete: true, requestCount: await server.requestCount, now: server.now)
        }
        if provider == .dexcomShare {
            let client = DexcomShareClient(
                region: .us,
                credentials: DexcomShareCredentials(
                    accountName: user.name, password: SandboxServer.password), transport: server, clock: clock)
            let batch = try await client.latestReadings()
            return Outcome(batch: batch, isComplete: true, requestCount: await server.requestCount, now: server.now)
        }
        let app = DexcomV3AppCredentials(
            clientID: SandboxServer.clientID, clientSecret: SandboxServer.clientSecret,
            redirectURI: SandboxServer.redirectURI)
        let client = DexcomV3Client(
            environment: .sandbox, app: app, tokenStore: InMemoryDexcomV3TokenStore(),
            transport: server, clock: clock)
        let pending = try client.beginAuthorization()
        try await client.completeAuthorization(callback: try await server.approve(pending.url), pending: pending)
        let start = server.now.adding(milliseconds: -Int64(days) * 86_400_000)
        let result = await client.fetch(from: start, to: server.now)
        if let stop = result.report.stopReason { throw stop }
        return Outcome(
            batch: result.batch, isComplete: result.isComplete, requestCount: await server.requestCount,
            now: server.now)
    }
}
