@_spi(AdapterSupport) import CGMKit
import CGMKitTesting
import Foundation
import Testing

/// A transport that answers from a script and counts calls.
private actor ScriptedTransport: HTTPTransport {
    struct Failure: Error {}
    private(set) var calls = 0
    private let answer: @Sendable (Int) throws -> HTTPResponse

    init(_ answer: @escaping @Sendable (Int) throws -> HTTPResponse) {
        self.answer = answer
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        calls += 1
        return try answer(calls)
    }
}

private let request = HTTPRequest(method: .get, url: URL(string: "https://api.example/v3/users/self/egvs?startDate=x")!)
private let retryable: @Sendable (HTTPResponse) -> Bool = {
    $0.statusCode == 429 || (500...599).contains($0.statusCode)
}
private let now = CGMInstant(millisecondsSince1970: 784_111_777_000)  // Sun, 06 Nov 1994 08:49:37 GMT

private func sender(
    _ policy: RetryPolicy = RetryPolicy(), sleeper: RecordingSleeper, seed: UInt64 = 1,
    budget: RetryBudget? = nil
) -> RetryingSender {
    RetryingSender(
        policy: policy, sleeper: sleeper, random: SeededRandomSource(seed: seed), clock: ManualClock(now),
        budget: budget, provider: "test")
}

/// Reliability cases C29–C32 and C34 of `shared/reference/reliability.md`.
@Suite("Retries and backoff (C29–C32, C34)")
struct RetryTests {
    @Test(
        "C29: Retry-After values",
        arguments: [
            (["5"], Int64?.some(5000)), (["0"], 0), (["Sun, 06 Nov 1994 08:49:47 GMT"], 10_000),
            (["Sunday, 06-Nov-94 08:49:47 GMT"], 10_000), (["Sun Nov  6 08:49:47 1994"], 10_000),
            (["Sun, 06 Nov 1994 08:49:27 GMT"], 0), (["-1"], nil), (["abc"], nil), (["1e9"], nil), (["5.5"], nil),
            (["99999999999999999999"], 1_000_000_000_000), (["5", "7"], 7000), (["abc", "3"], 3000), ([], nil),
            (["Sun, 31 Feb 1994 08:49:47 GMT"], nil), (["Sun, 06 Nov 1994 25:49:47 GMT"], nil),
            // Found by FuzzRetryAfter (FuzzTesting/FailCases): a far-future date was not
            // capped like delay-seconds are.
            (["Wed, 21 Oct 2115 07:28:00 GMT", "120"], 1_000_000_000_000),
        ] as [([String], Int64?)])
    func retryAfter(values: [String], expected: Int64?) {
        #expect(RetryAfter.delayMilliseconds(values, now: now) == expected)
    }

    @Test(
        "C29: a clock at the ends of time neither traps nor gives a negative or uncapped delay",
        arguments: [Int64.min, -1, Int64.max])
    func retryAfterAtExtremeClocks(milliseconds: Int64) {
        let delay = RetryAfter.delayMilliseconds(
            "Sun, 06 Nov 1994 08:49:47 GMT",
            now: CGMInstant(millisecondsSince1970: milliseconds))
        #expect(delay.map { (0...1_000_000_000_000).contains($0) } == true)
    }

    @Test(
        "C29: a 429's Retry-After within the cap is waited exactly; beyond it the call ends at once",
        arguments: [
            ("5", [Int64(5000), 5000], CGMError.Code.rateLimited, 3, Int?.some(5)),
            ("Sun, 06 Nov 1994 08:49:57 GMT", [20_000, 20_000], .rateLimited, 3, 20),
            ("Sun, 06 Nov 1994 08:00:00 GMT", [0, 0], .rateLimited, 3, 0),
            ("99999999", [], .rateLimited, 1, 99_999_999),
            ("61", [], .rateLimited, 1, 61),
        ])
    func rateLimit(header: String, delays: [Int64], code: CGMError.Code, calls: Int, seconds: Int?) async throws {
        let transport = ScriptedTransport { _ in HTTPResponse(statusCode: 429, headerFields: ["Retry-After": header]) }
        let sleeper = RecordingSleeper()
        let error = await #expect(throws: CGMError.self) {
            _ = try await sender(sleeper: sleeper).send(request, through: transport, isRetryable: retryable)
        }
        #expect(error?.code == code)
        #expect(error?.retryAfterSeconds == seconds)
        #expect(error?.httpStatus == 429)
        #expect(sleeper.delays == delays)
        #expect(sleeper.delays.allSatisfy { $0 <= 60_000 })
        #expect(await transport.calls == calls)
    }

    @Test("C29: a 429 without Retry-After backs off with jitter within the cap")
    func rateLimitWithoutHeader() async throws {
        let transport = ScriptedTransport { call in HTTPResponse(statusCode: call < 3 ? 429 : 200) }
        let sleeper = RecordingSleeper()
        let response = try await sender(sleeper: sleeper).send(request, through: transport, isRetryable: retryable)
        #expect(response.statusCode == 200)
        #expect(sleeper.delays.count == 2)
        #expect(sleeper.delays[0] <= 1000 && sleeper.delays[1] <= 2000)
    }

    @Test(
        "C30: every delay lies in [0, min(cap, base·2^n)] and the configured base and cap are the ones used",
        arguments: [(Int64(1000), Int64(30_000)), (250, 700), (50, 50), (0, 0)])
    func jitterBounds(base: Int64, cap: Int64) {
        let policy = RetryPolicy(maxAttempts: 8, baseDelayMilliseconds: base, maximumDelayMilliseconds: cap)
        let random = SeededRandomSource(seed: 99)
        for retry in 1...7 {
            let ceiling = min(cap, base * (1 << Int64(retry - 1)))
            #expect(policy.backoffCeiling(beforeRetry: retry) == ceiling)
            let samples = (0..<2000).map { _ in policy.backoffDelay(beforeRetry: retry, random: random) }
            #expect(samples.allSatisfy { (0...ceiling).contains($0) })
            // Full jitter: the draws spread over the whole range, so the configuration is really used.
            if ceiling >= 100 {
                #expect(samples.max()! > ceiling * 9 / 10)
                #expect(samples.min()! < ceiling / 10)
            }
        }
    }

    @Test("C30: a huge retry number saturates at the cap instead of overflowing")
    func hugeRetry() {
        #expect(RetryPolicy().backoffCeiling(beforeRetry: 500) == 30_000)
        #expect(RetryPolicy(baseDelayMilliseconds: .max).backoffCeiling(beforeRetry: 3) == 30_000)
    }

    @Test("C31: a persistent 503 makes exactly maxAttempts calls, then serverUnavailable", arguments: [1, 3, 5])
    func boundedAttempts(attempts: Int) async {
        let transport = ScriptedTransport { _ in HTTPResponse(statusCode: 503) }
        let sleeper = RecordingSleeper()
        let error = await #expect(throws: CGMError.self) {
            _ = try await sender(RetryPolicy(maxAttempts: attempts), sleeper: sleeper)
                .send(request, through: transport, isRetryable: retryable)
        }
        #expect(error?.code == .serverUnavailable)
        #expect(error?.httpStatus == 503)
        #expect(await transport.calls == attempts)
        #expect(sleeper.delays.count == attempts - 1)
    }

    @Test("C31: transport errors are retried, then reported without the underlying error's text")
    func transportErrors() async {
        let transport = ScriptedTransport { _ in throw ScriptedTransport.Failure() }
        let error = await #expect(throws: CGMError.self) {
            _ = try await sender(sleeper: RecordingSleeper()).send(request, through: transport, isRetryable: retryable)
        }
        #expect(error?.code == .transportFailed)
        #expect(error?.cause == nil)
        #expect(await transport.calls == 3)
    }

    @Test("Responses that are not retryable are returned at once", arguments: [200, 400, 401, 403, 404])
    func notRetried(status: Int) async throws {
        let transport = ScriptedTransport { _ in HTTPResponse(statusCode: status) }
        let response = try await sender(sleeper: RecordingSleeper()).send(
            request, through: transport, isRetryable: retryable)
        #expect(response.statusCode == status)
        #expect(await transport.calls == 1)
    }

    @Test("C32: a storm of 1000 failing calls spends the budget, then no retries are made; successes refill it")
    func budget() async throws {
        let budget = RetryBudget(
            configuration: .init(capacity: 500, retryCost: 5, transportErrorCost: 10, successRefill: 1))
        let failing = ScriptedTransport { _ in HTTPResponse(statusCode: 503) }
        let client = sender(sleeper: RecordingSleeper(), budget: budget)
        for _ in 0..<1000 {
            _ = try? await client.send(request, through: failing, isRetryable: retryable)
        }
        #expect(await failing.calls == 1000 + 100)
        #expect(await budget.available == 0)
        let healthy = ScriptedTransport { _ in HTTPResponse(statusCode: 200) }
        for _ in 0..<50 { _ = try await client.send(request, through: healthy, isRetryable: retryable) }
        #expect(await budget.available == 50)
        let flaky = ScriptedTransport { _ in HTTPResponse(statusCode: 503) }
        for _ in 0..<20 { _ = try? await client.send(request, through: flaky, isRetryable: retryable) }
        #expect(await flaky.calls == 20 + 10)
    }

    @Test("C34: cancelling during a backoff returns promptly and sends nothing more")
    func cancellationDuringBackoff() async throws {
        let transport = ScriptedTransport { _ in HTTPResponse(statusCode: 503) }
        let policy = RetryPolicy(maxAttempts: 5, baseDelayMilliseconds: 600_000, maximumDelayMilliseconds: 600_000)
        // Mid-range jitter: the backoff is 300 s, so ending within 60 s proves the sleep
        // was cut short while leaving room for a starved thread pool (thread sanitizer,
        // parallel tests on two cores).
        struct MidRange: CGMRandomSource { func next() -> UInt64 { UInt64.max / 2 } }
        let client = RetryingSender(
            policy: policy, sleeper: TaskSleeper(), random: MidRange(),
            clock: ManualClock(now), provider: "test")
        let task = Task { try await client.send(request, through: transport, isRetryable: retryable) }
        while await transport.calls == 0 { await Task.yield() }
        let cancelledAt = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(ContinuousClock.now - cancelledAt < .seconds(60))
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(await transport.calls == 1)
    }

    @Test("A retry is logged with the attempt and status only")
    func retryLogged() async throws {
        let sink = CapturingLogSink()
        let transport = ScriptedTransport { call in HTTPResponse(statusCode: call == 1 ? 502 : 200) }
        let client = RetryingSender(
            sleeper: RecordingSleeper(), random: SeededRandomSource(seed: 1), clock: ManualClock(now),
            logSink: sink, provider: "test")
        _ = try await client.send(request, through: transport, isRetryable: retryable)
        #expect(sink.events.map(\.description) == ["test retryScheduled status=502 count=1"])
    }
}
