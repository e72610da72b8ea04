@_spi(AdapterSupport) import CGMKit

extension DexcomV3Client {
    /// The endpoints a sync fetches per window by default.
    public static let windowedEndpoints: [DexcomV3Endpoint] = [.egvs, .calibrations, .events, .alerts]

    /// Fetches everything from `start` (or the account's first record) to `end` (or
    /// its last), handing each window to `receive` as it arrives.
    ///
    /// 1. `/dataRange` bounds the range, so no request asks for time with no data; the
    ///    range never starts before ``earliestSyncStart`` nor ends after tomorrow.
    /// 2. `devices` is fetched once, as a page with no window.
    /// 3. The range is split into ``DexcomV3Window``s of at most 30 days that tile it
    ///    with no gap and no overlap; each window fetches `endpoints`, oldest first.
    ///
    /// A window whose endpoint fails after its retries is recorded in the report and
    /// the sync moves on; its page is delivered with `isComplete == false`. The sync
    /// stops early, recording every window not attempted, when continuing cannot help:
    /// re-authorization required, access refused, the token store failing, a refresh
    /// with no answer, a rate limit beyond the retry cap, or cancellation.
    ///
    /// The cursor only moves past windows that were complete and delivered: persist
    /// `page.cursor` after storing `page.batch`, or the report's cursor after the last
    /// page. If `receive` throws, the sync stops and rethrows; the cursor stays where
    /// the last successful `receive` left it.
    public func sync(
        from start: CGMInstant?, to end: CGMInstant? = nil,
        endpoints: [DexcomV3Endpoint] = windowedEndpoints, includeDevices: Bool = true,
        receive: (DexcomV3SyncPage) async throws -> Void
    ) async rethrows -> DexcomV3SyncReport {
        var report = DexcomV3SyncReport()
        report.cursor = start
        let range: DataRange
        do {
            range = try await dataRange()
        } catch {
            report.failures.append(DexcomV3SyncFailure(window: nil, endpoint: .dataRange, error: Self.cgmError(error)))
            report.stopReason = Self.cgmError(error)
            return report
        }
        if includeDevices {
            var devices: CGMBatch?
            do {
                devices = try await fetch(.devices, in: nil)
            } catch {
                let failure = Self.cgmError(error)
                report.failures.append(DexcomV3SyncFailure(window: nil, endpoint: .devices, error: failure))
                if Self.stopsSync(failure) {
                    report.stopReason = failure
                    return report
                }
            }
            if let devices {
                try await receive(
                    DexcomV3SyncPage(window: nil, batch: devices, isComplete: true, cursor: report.cursor))
            }
        }
        guard let span = Self.overallSpan(range) else { return report }
        // A data range is vendor input: bound it by the Web API's history and by tomorrow,
        // so a wrong device clock cannot plan thousands of windows.
        let from = max(start ?? span.start, span.start, Self.earliestSyncStart)
        let until = min(span.end.adding(milliseconds: 1000), end ?? clock.now().adding(milliseconds: 86_400_000))
        report.windows = DexcomV3Window.plan(from: from, to: until)

        var unbroken = true
        for (position, window) in report.windows.enumerated() {
            var assembler = BatchAssembler(provider: .dexcomV3)
            var windowFailed = false
            for endpoint in endpoints where endpoint.takesWindow {
                do {
                    assembler.merge(try await fetch(endpoint, in: window))
                } catch {
                    let failure = Self.cgmError(error)
                    windowFailed = true
                    log(.windowFailed, status: failure.httpStatus, code: failure.vendorCode, count: position)
                    report.failures.append(DexcomV3SyncFailure(window: window, endpoint: endpoint, error: failure))
                    if Self.stopsSync(failure) {
                        report.stopReason = failure
                        break
                    }
                }
            }
            unbroken = unbroken && !windowFailed
            if !windowFailed { report.completedWindows.append(window) }
            let cursor = unbroken ? window.end : report.cursor
            try await receive(
                DexcomV3SyncPage(
                    window: window, batch: assembler.makeBatch(), isComplete: !windowFailed,
                    cursor: cursor))
            report.cursor = cursor
            if let stop = report.stopReason {
                for skipped in report.windows.dropFirst(position + 1) {
                    report.failures.append(DexcomV3SyncFailure(window: skipped, endpoint: nil, error: stop))
                }
                break
            }
        }
        return report
    }

    /// Fetches `[start, end)` into one de-duplicated batch (see
    /// ``sync(from:to:endpoints:includeDevices:receive:)`` for the rules). Check
    /// ``DexcomV3SyncResult/isComplete``: a partial result says which windows are missing.
    public func fetch(
        from start: CGMInstant?, to end: CGMInstant? = nil,
        endpoints: [DexcomV3Endpoint] = windowedEndpoints,
        includeDevices: Bool = true
    ) async -> DexcomV3SyncResult {
        var assembler = BatchAssembler(provider: .dexcomV3)
        var received = 0
        let report = await sync(from: start, to: end, endpoints: endpoints, includeDevices: includeDevices) { page in
            received +=
                page.batch.readings.count + page.batch.calibrations.count + page.batch.events.count
                + page.batch.alerts.count
            assembler.merge(page.batch)
        }
        let batch = assembler.makeBatch()
        let unique = batch.readings.count + batch.calibrations.count + batch.events.count + batch.alerts.count
        return DexcomV3SyncResult(batch: batch, report: report, duplicateCount: received - unique)
    }

    /// The earliest instant a sync asks for: 2015-01-01T00:00:00Z, where Tidepool's
    /// production Dexcom sync starts too.
    public static let earliestSyncStart = CGMInstant(millisecondsSince1970: 1_420_070_400_000)

    /// The span from the earliest first record to the latest last record of any kind.
    static func overallSpan(_ range: DataRange) -> DataRange.Span? {
        let spans = [range.readings, range.calibrations, range.events].compactMap { $0 }
        guard let start = spans.map(\.start).min(), let end = spans.map(\.end).max() else { return nil }
        return DataRange.Span(start: start, end: max(start, end))
    }

    /// Failures after which no further window can succeed.
    static func stopsSync(_ error: CGMError) -> Bool {
        [
            .reauthorizationRequired, .unauthorized, .credentialsRejected, .tokenPersistenceFailed,
            .refreshOutcomeUnknown, .rateLimited, .cancelled,
        ].contains(error.code)
    }

    /// Any error as a ``CGMError``; cancellation becomes ``CGMError/Code/cancelled``.
    static func cgmError(_ error: any Error) -> CGMError {
        if let error = error as? CGMError { return error }
        if error is CancellationError {
            return CGMError(code: .cancelled, message: "the sync was cancelled")
        }
        return CGMError(code: .unexpectedResponse, message: "the fetch failed")
    }
}
