import CGMKit
import CGMKitDexcom
import Foundation
import Testing

/// Reliability H61: a client given up while a backoff sleep or a token refresh is in
/// flight leaves nothing running and nothing retained. (H60, the whole suite under
/// the thread sanitizer, is a step of `.ci/run`.)
@Suite("Client lifecycle (H61)")
struct LifecycleTests {
    static let app = DexcomV3AppCredentials(
        clientID: "id", clientSecret: "secret", redirectURI: "https://app.example/cb")
    static let now = CGMInstant(millisecondsSince1970: 1_705_298_400_000)
    static let window = DexcomV3Window(start: now.adding(milliseconds: -3_600_000), end: now)

    /// A fixed clock at ``now``.
    struct FixedClock: CGMClock {
        func now() -> CGMInstant { LifecycleTests.now }
    }

    /// Counts requests. Token requests get tokens (held until ``release()`` when
    /// `holdTokenRequests`); data requests get a 503.
    actor CountingTransport: HTTPTransport {
        private(set) var tokenCalls = 0
        private(set) var dataCalls = 0
        private var open = false
        let holdTokenRequests: Bool

        init(holdTokenRequests: Bool) {
            self.holdTokenRequests = holdTokenRequests
        }

        func release() { open = true }

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            if request.url.path.hasSuffix("/token") {
                tokenCalls += 1
                // A slow token endpoint that ignores cancellation, as real networks do.
                while holdTokenRequests && !open { try? await Task.sleep(nanoseconds: 5_000_000) }
                return HTTPResponse(
                    statusCode: 200,
                    body: Array(
                        #"{"access_token":"new","refresh_token":"rotated","expires_in":7200,"token_type":"Bearer"}"#
                            .utf8))
            }
            dataCalls += 1
            return HTTPResponse(statusCode: 503, body: Array("<html>busy</html>".utf8))
        }
    }

    /// The real `TaskSleeper`, noting whether each sleep ran out or was cut short.
    actor WitnessSleeper: CGMSleeper {
        private(set) var started = 0
        private(set) var interrupted = 0
        private(set) var completed = 0

        func sleep(milliseconds: Int64) async throws {
            started += 1
            do {
                try await TaskSleeper().sleep(milliseconds: milliseconds)
                completed += 1
            } catch {
                interrupted += 1
                throw error
            }
        }
    }

    @Test("H61: cancelling a fetch during a real 15 s backoff cuts the sleep short; no request follows")
    func backoffInFlight() async throws {
        let transport = CountingTransport(holdTokenRequests: false)
        let store = InMemoryDexcomV3TokenStore(
            DexcomV3Tokens(
                accessToken: "a", refreshToken: "r", issuedAt: Self.now,
                expiresAt: Self.now.adding(milliseconds: 7_200_000)))
        let sleeper = WitnessSleeper()
        let slow = RetryPolicy(maxAttempts: 5, baseDelayMilliseconds: 30_000, maximumDelayMilliseconds: 30_000)
        let client = DexcomV3Client(
            environment: .sandbox, app: Self.app, tokenStore: store, transport: transport,
            clock: FixedClock(), sleeper: sleeper, random: ConstantRandom(),
            configuration: DexcomV3Client.Configuration(retryPolicy: slow))
        let task = Task { try await client.fetch(.egvs, in: Self.window) }
        while await sleeper.started == 0 { try await Task.sleep(nanoseconds: 1_000_000) }
        task.cancel()
        let outcome = await task.result
        // Wall time is not measured: other tests can starve the cooperative pool. The
        // sleeper itself says whether the 15 s wait ran out or was cut short.
        #expect(await sleeper.interrupted == 1)
        #expect(await sleeper.completed == 0)
        switch outcome {
        case .success: Issue.record("a cancelled fetch succeeded")
        case .failure(let error):
            #expect(error is CancellationError || (error as? CGMError)?.code == .cancelled)
        }
        #expect(await transport.dataCalls == 1)
    }

    @Test("H61: a client dropped mid-refresh: the refresh completes and the client graph is freed")
    func refreshInFlight() async throws {
        let transport = CountingTransport(holdTokenRequests: true)
        weak var weakStore: InMemoryDexcomV3TokenStore?
        var task: Task<CGMBatch, any Error>?
        do {
            let store = InMemoryDexcomV3TokenStore(
                DexcomV3Tokens(
                    accessToken: "old", refreshToken: "r",
                    issuedAt: Self.now.adding(milliseconds: -7_200_000),
                    expiresAt: Self.now.adding(milliseconds: -1)))
            weakStore = store
            let client = DexcomV3Client(
                environment: .sandbox, app: Self.app, tokenStore: store, transport: transport,
                clock: FixedClock(), random: ConstantRandom(),
                configuration: DexcomV3Client.Configuration(retryPolicy: RetryPolicy(maxAttempts: 1)))
            task = Task { try await client.fetch(.egvs, in: Self.window) }
            while await transport.tokenCalls == 0 { try await Task.sleep(nanoseconds: 1_000_000) }
            task?.cancel()
        }
        await transport.release()
        _ = await task?.result
        task = nil
        #expect(await transport.tokenCalls == 1)
        // Once the in-flight refresh is over, nothing holds the client's graph.
        var waited = 0
        while weakStore != nil && waited < 200 {
            try await Task.sleep(nanoseconds: 5_000_000)
            waited += 1
        }
        #expect(weakStore == nil)
    }
}

/// Always the middle of the range: jitter without randomness.
struct ConstantRandom: CGMRandomSource {
    func next() -> UInt64 { UInt64.max / 2 }
}
