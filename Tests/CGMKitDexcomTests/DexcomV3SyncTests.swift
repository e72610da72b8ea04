import CGMKit
import CGMKitDexcom
import CGMKitTesting
import Foundation
import Testing

/// Reliability cases F45–F48 and C33 of `shared/reference/reliability.md`: range
/// sync, windows, partial results and the cursor.
@Suite("Dexcom v3 range sync (F45–F48, C33)")
struct DexcomV3SyncTests {
    let server = DexcomV3TestServer()
    let clock = ManualClock(V3.start.adding(milliseconds: 100 * 86_400_000))
    static let day: Int64 = 86_400_000

    private func client(sleeper: RecordingSleeper = RecordingSleeper()) async -> DexcomV3Client {
        await server.install(access: "access-0", refresh: "refresh-0")
        let store = InMemoryDexcomV3TokenStore(V3.tokens(issuedAt: clock.now()))
        return V3.client(server, store: store, clock: clock, sleeper: sleeper)
    }

    private func windowStarts(_ endpoint: DexcomV3Endpoint) async -> [CGMInstant] {
        await server.dataRequests(for: endpoint).compactMap { DexcomV3TestServer.window(of: $0)?.0 }
    }

    @Test("F48: 90 days become three 30-day windows that tile the range; every request stays within 30 days")
    func ninetyDayPlan() async throws {
        await server.setReadings(V3.readings(days: 90))
        let client = await client()
        let result = await client.fetch(from: nil)
        #expect(result.isComplete)
        let windows = result.report.windows
        #expect(windows.count == 3)
        #expect(windows.first?.start == V3.start)
        #expect(windows.last?.end == V3.start.adding(milliseconds: 90 * Self.day - 300_000 + 1000))
        for (earlier, later) in zip(windows, windows.dropFirst()) { #expect(earlier.end == later.start) }
        for request in await server.dataRequests(for: .egvs) {
            let (start, end) = try #require(DexcomV3TestServer.window(of: request))
            #expect(end.millisecondsSince1970 - start.millisecondsSince1970 <= 30 * Self.day)
        }
        #expect(result.batch.readings.count == 90 * 288)
        #expect(result.duplicateCount == 0)
        #expect(result.report.cursor == windows.last?.end)
        #expect(await server.dataRequests(for: .dataRange).count == 1)
        #expect(await server.dataRequests(for: .devices).count == 1)
        for endpoint in DexcomV3Client.windowedEndpoints {
            #expect(await server.dataRequests(for: endpoint).count == 3)
        }
    }

    @Test("F48: window plans tile any range with no gap or overlap", arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func planProperty(seed: UInt64) {
        let random = SeededRandomSource(seed: seed)
        for _ in 0..<200 {
            let start = CGMInstant(millisecondsSince1970: 1_600_000_000_000 + random.uniform(upTo: 10_000_000_000))
            let end = start.adding(milliseconds: random.uniform(upTo: 200 * Self.day))
            let windows = DexcomV3Window.plan(from: start, to: end)
            if end.secondsSince1970 == start.secondsSince1970 && end.millisecondsSince1970 % 1000 == 0 {
                #expect(windows.isEmpty)
                continue
            }
            #expect(windows.first?.start.millisecondsSince1970 == start.secondsSince1970 * 1000)
            #expect(windows.last.map { $0.end >= end } ?? (start == end))
            for window in windows {
                #expect(window.start < window.end)
                #expect(window.end.millisecondsSince1970 - window.start.millisecondsSince1970 <= 30 * Self.day)
                #expect(window.start.millisecondsSince1970 % 1000 == 0 && window.end.millisecondsSince1970 % 1000 == 0)
            }
            for (earlier, later) in zip(windows, windows.dropFirst()) { #expect(earlier.end == later.start) }
        }
    }

    @Test("Query dates are UTC wall time with seconds and no zone")
    func queryFormat() async throws {
        await server.setReadings(V3.readings(days: 1))
        let client = await client()
        _ = try await client.fetch(
            .egvs, in: DexcomV3Window(start: V3.start, end: V3.start.adding(milliseconds: Self.day)))
        let url = try #require(await server.dataRequests.first?.url.absoluteString)
        #expect(
            url
                == "https://sandbox-api.dexcom.com/v3/users/self/egvs?startDate=2025-01-01T00%3A00%3A00&endDate=2025-01-02T00%3A00%3A00"
        )
    }

    @Test(
        "F47: windows [ok, 503 after retries, ok]: a partial result, the cursor after window 1, a rerun from window 2")
    func partialResult() async throws {
        await server.setReadings(V3.readings(days: 90))
        let secondWindow = V3.start.adding(milliseconds: 30 * Self.day)
        await server.overrideData(.egvs) { request, _ in
            DexcomV3TestServer.window(of: request)?.0 == secondWindow ? .json(503, "") : nil
        }
        let sleeper = RecordingSleeper()
        let client = await client(sleeper: sleeper)
        let result = await client.fetch(from: nil)
        #expect(!result.isComplete)
        #expect(result.report.stopReason == nil)
        #expect(result.report.failedWindows == [result.report.windows[1]])
        #expect(result.report.failures.map(\.endpoint) == [.egvs])
        #expect(result.report.failures.first?.error.code == .serverUnavailable)
        #expect(result.report.completedWindows == [result.report.windows[0], result.report.windows[2]])
        #expect(result.report.cursor == secondWindow)
        #expect(result.batch.readings.count == 60 * 288)
        #expect(await server.dataRequests(for: .egvs).count == 1 + 3 + 1)
        #expect(sleeper.delays.count == 2)

        await server.overrideData(.egvs, nil)
        let rerun = await client.fetch(from: result.report.cursor)
        #expect(rerun.isComplete)
        #expect(rerun.report.windows.first?.start == secondWindow)
        #expect(rerun.report.windows.count == 2)
        #expect(rerun.batch.readings.count == 60 * 288)
    }

    @Test("F47: invalid_grant in window 2 stops the sync with the partial result; window 3 is never requested")
    func reauthorizationStops() async throws {
        await server.setReadings(V3.readings(days: 90))
        let secondWindow = V3.start.adding(milliseconds: 30 * Self.day)
        await server.overrideData(.egvs) { request, _ in
            DexcomV3TestServer.window(of: request)?.0 == secondWindow ? .json(401, "") : nil
        }
        await server.overrideToken { _, _ in .json(400, #"{"error":"invalid_grant"}"#) }
        let client = await client()
        var pages: [DexcomV3SyncPage] = []
        let report = await client.sync(from: nil) { pages.append($0) }
        #expect(report.stopReason?.code == .reauthorizationRequired)
        #expect(!report.isComplete)
        #expect(report.cursor == secondWindow)
        #expect(report.completedWindows == [report.windows[0]])
        #expect(report.failedWindows == [report.windows[1], report.windows[2]])
        #expect(report.failures.last?.endpoint == nil)
        #expect(await windowStarts(.egvs) == [V3.start, secondWindow])
        #expect(await server.refreshRequestCount == 1)
        #expect(pages.map(\.isComplete) == [true, true, false])
        #expect(pages.map(\.cursor) == [nil, secondWindow, secondWindow])
        #expect(pages[1].batch.readings.count == 30 * 288)
    }

    @Test("F47: the cursor never moves past a page the host failed to store")
    func receiverFailure() async throws {
        struct DiskFull: Error {}
        await server.setReadings(V3.readings(days: 90))
        let client = await client()
        var stored: [CGMInstant?] = []
        await #expect(throws: DiskFull.self) {
            _ = try await client.sync(from: nil) { page in
                if page.window == nil { return }
                if stored.count == 1 { throw DiskFull() }
                stored.append(page.cursor)
            }
        }
        #expect(stored == [V3.start.adding(milliseconds: 30 * Self.day)])
        #expect(await server.dataRequests(for: .egvs).count == 2)
    }

    @Test("F45: a record returned on both sides of a window boundary, or twice in a page, is kept once")
    func boundaryDuplicates() async throws {
        let boundary = V3.start.adding(milliseconds: 30 * Self.day)
        await server.setReadings(V3.readings(days: 40) + [("egv-8640", boundary, 80 + 8640 % 120)])
        // An inclusive end: the server also returns the record at the window's end.
        await server.overrideData(.egvs) { request, _ in
            guard let (_, end) = DexcomV3TestServer.window(of: request), end == boundary else { return nil }
            return .json(
                200,
                #"{"recordType":"egv","recordVersion":"3.0","userId":"u","records":[{"recordId":"egv-8640","systemTime":"\#(boundary.rfc3339)","displayTime":"\#(boundary.rfc3339)","transmitterId":"t","transmitterTicks":1,"value":\#(80 + 8640 % 120),"status":null,"trend":"flat","trendRate":0.1,"unit":"mg/dL","rateUnit":"mg/dL/min","displayDevice":"iOS","transmitterGeneration":"g7","displayApp":"G7"}]}"#
            )
        }
        let client = await client()
        let result = await client.fetch(from: nil)
        #expect(result.isComplete)
        #expect(result.batch.readings.filter { $0.id.rawValue == "dexcom_v3:egv-8640" }.count == 1)
        #expect(result.duplicateCount == 1)
        #expect(result.batch.issues.isEmpty)
    }

    @Test("F46: the same record id with a different value across windows is a conflict; the later one is kept")
    func conflictAcrossWindows() async throws {
        let boundary = V3.start.adding(milliseconds: 30 * Self.day)
        await server.setReadings(V3.readings(days: 40))
        await server.overrideData(.egvs) { request, _ in
            guard let (_, end) = DexcomV3TestServer.window(of: request), end == boundary else { return nil }
            return .json(
                200,
                #"{"recordType":"egv","recordVersion":"3.0","userId":"u","records":[{"recordId":"egv-8640","systemTime":"\#(boundary.rfc3339)","displayTime":"\#(boundary.rfc3339)","transmitterId":"t","transmitterTicks":1,"value":399,"status":null,"trend":"flat","trendRate":0.1,"unit":"mg/dL","rateUnit":"mg/dL/min","displayDevice":"iOS","transmitterGeneration":"g7","displayApp":"G7"}]}"#
            )
        }
        let client = await client()
        let result = await client.fetch(from: nil)
        let kept = try #require(result.batch.readings.first { $0.id.rawValue == "dexcom_v3:egv-8640" })
        #expect(kept.glucose?.milligramsPerDeciliter == Double(80 + 8640 % 120))
        #expect(result.batch.issues.map(\.code) == [.conflictingDuplicate])
    }

    @Test("A sync with an explicit end stops there; an empty account has no windows and is complete")
    func bounds() async throws {
        await server.setReadings(V3.readings(days: 10))
        let client = await client()
        let end = V3.start.adding(milliseconds: 2 * Self.day)
        let result = await client.fetch(from: V3.start.adding(milliseconds: Self.day), to: end)
        #expect(result.report.windows == [DexcomV3Window(start: V3.start.adding(milliseconds: Self.day), end: end)])
        #expect(result.batch.readings.count == 288)

        await server.setReadings([])
        let empty = await client.fetch(from: nil)
        #expect(empty.isComplete)
        #expect(empty.report.windows.isEmpty)
    }

    @Test("A data range with a wrong device clock (1999 to 2099) is bounded by 2015 and tomorrow")
    func boundedDataRange() async throws {
        await server.overrideData(.dataRange) { _, _ in
            .json(
                200,
                #"{"recordType":"dataRange","recordVersion":"3.0","userId":"u","egvs":{"start":{"systemTime":"1999-01-01T00:00:00Z","displayTime":"1999-01-01T00:00:00"},"end":{"systemTime":"2099-01-01T00:00:00Z","displayTime":"2099-01-01T00:00:00"}}}"#
            )
        }
        let client = await client()
        let result = await client.fetch(from: V3.start)
        #expect(result.report.windows.first?.start == V3.start)
        #expect(result.report.windows.last?.end == clock.now().adding(milliseconds: Self.day))
        #expect(result.report.windows.count == 4)
        let unbounded = await client.fetch(from: nil, to: V3.start)
        #expect(unbounded.report.windows.first?.start == DexcomV3Client.earliestSyncStart)
    }

    @Test("A data-range failure stops the sync before any window")
    func dataRangeFailure() async throws {
        await server.overrideData(.dataRange) { _, _ in .json(500, "") }
        let client = await client()
        let result = await client.fetch(from: V3.start)
        #expect(result.report.stopReason?.code == .serverUnavailable)
        #expect(result.report.failures.map(\.endpoint) == [.dataRange])
        #expect(result.report.cursor == V3.start)
        #expect(await server.dataRequests(for: .egvs).isEmpty)
    }

    @Test("Windows longer than 30 days or empty are refused before any request")
    func windowArgument() async throws {
        let client = await client()
        for window in [
            DexcomV3Window(start: V3.start, end: V3.start.adding(milliseconds: 30 * Self.day + 1000)),
            DexcomV3Window(start: V3.start, end: V3.start),
        ] {
            let error = await #expect(throws: CGMError.self) { _ = try await client.fetch(.egvs, in: window) }
            #expect(error?.code == .invalidArgument)
        }
        #expect(await server.dataRequests.isEmpty)
    }

    @Test(
        "C33: which requests are retried",
        arguments: [
            // v3 data GET: 5xx, 429 and transport errors are retried; 4xx are not.
            ("v3 GET", 500, 3), ("v3 GET", 503, 3), ("v3 GET", 429, 3), ("v3 GET", 400, 1), ("v3 GET", 404, 1),
            ("v3 GET", -1, 3),
            // v3 token refresh: one attempt per call, whatever the failure.
            ("v3 refresh", 503, 1), ("v3 refresh", -1, 1),
        ])
    func v3RetryTable(kind: String, status: Int, calls: Int) async throws {
        let client = await client()
        let answer: DexcomV3TestServer.Handler = { _, _ in
            if status < 0 { throw URLError(.networkConnectionLost) }
            return .json(status, "")
        }
        if kind == "v3 GET" {
            await server.overrideData(.devices, answer)
            _ = try? await client.fetch(.devices, in: nil)
            #expect(await server.dataRequests.count == calls)
        } else {
            await server.overrideToken(answer)
            clock.advance(seconds: 7200)
            _ = try? await client.fetch(.devices, in: nil)
            #expect(await server.tokenRequests.count == calls)
        }
    }

    @Test(
        "C33: Share logins are never retried; Share reads only on a 5xx without a Code or a transport error",
        arguments: [
            ("login", 500, "", 1), ("login", 503, "<html/>", 1), ("login", -1, "", 1),
            ("read", 500, "", 3), ("read", 503, "<html>Cloudflare</html>", 3), ("read", -1, "", 3),
            ("read", 500, #"{"Code":"SomethingElse","Message":"m"}"#, 1), ("read", 400, "", 1), ("read", 429, "", 1),
        ])
    func shareRetryTable(step: String, status: Int, body: String, calls: Int) async throws {
        let share = ShareTestServer()
        let answer: ShareTestServer.Handler = { _, _ in HTTPResponse(statusCode: status, body: Array(body.utf8)) }
        if step == "login" { await share.onAuthenticate(answer) } else { await share.onRead(answer) }
        if status < 0 {
            let failing = FailingShareTransport(
                inner: share,
                failing: step == "login"
                    ? "AuthenticatePublisherAccount"
                    : "ReadPublisherLatestGlucoseValues")
            let client = DexcomShareClient(
                region: .us, credentials: DexcomShareCredentials(accountName: "a", password: "b"),
                transport: failing, sleeper: RecordingSleeper())
            _ = try? await client.latestReadings()
            #expect(await failing.failures == calls)
            return
        }
        let client = DexcomShareClient(
            region: .us, credentials: DexcomShareCredentials(accountName: "a", password: "b"),
            transport: share, sleeper: RecordingSleeper())
        _ = try? await client.latestReadings()
        #expect(await (step == "login" ? share.authenticateCalls : share.readCalls) == calls)
    }
}

/// Throws a transport error for one Share endpoint and counts the failures.
actor FailingShareTransport: HTTPTransport {
    let inner: ShareTestServer
    let failing: String
    private(set) var failures = 0

    init(inner: ShareTestServer, failing: String) {
        self.inner = inner
        self.failing = failing
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if request.url.lastPathComponent == failing {
            failures += 1
            throw URLError(.networkConnectionLost)
        }
        return try await inner.send(request)
    }
}
