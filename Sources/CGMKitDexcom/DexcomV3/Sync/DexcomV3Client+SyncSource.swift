@_spi(AdapterSupport) import CGMKit

/// Dexcom v3 as a ``CGMSyncSource``.
///
/// Horizon: **90 days**. A first sync reaches back 90 days (bounded by `/dataRange`);
/// a cursor older than that is caught up from 90 days ago and the rest is reported
/// as ``CGMSyncResult/unreachable`` (Tidepool notes that Dexcom v3 answers
/// "erroneous results" for a `lastSyncTime` older than about 100 days,
/// tidepool-org/platform `dexcom/fetch/runner.go`).
///
/// Each sync runs ``sync(from:to:endpoints:includeDevices:receive:)`` from the
/// cursor's position: windows of at most 30 days, retries, single-flight token
/// refresh. The position moves to the end of the unbroken run of complete windows
/// (the end of the account's data, not the clock, so a receiver's late upload is
/// still fetched); records of a later, partly failed window are delivered and
/// remembered, so a re-run delivers them no second time. Devices come with every sync
/// unless ``Configuration/syncIncludesDevices`` is false; ``Configuration/syncEndpoints``
/// chooses the endpoints. Requests per sync: `/dataRange`, `/devices`, and one per
/// endpoint per 30-day window with new data (none when nothing is new).
/// With ``Configuration/syncLookbackHours`` a sync re-reads that span before the
/// cursor and delivers only what it had not (the cursor then remembers its ids).
extension DexcomV3Client: CGMSyncSource {
    /// How far back a sync reaches.
    public static let syncHorizon = CGMSyncHorizon.days(90)

    /// `dexcom_v3`.
    public var syncProvider: ProviderID { .dexcomV3 }

    /// 90 days.
    public var syncHorizon: CGMSyncHorizon { Self.syncHorizon }

    /// What is new since `cursor` (see `CGMSyncSource`).
    public func sync(since cursor: CGMSyncCursor?) async -> CGMSyncResult {
        let plan: CGMSyncPlan
        do {
            plan = try CGMSyncPlan(
                cursor: cursor, provider: .dexcomV3, now: clock.now(), horizon: syncHorizon,
                lookbackMilliseconds: Int64(min(max(configuration.syncLookbackHours, 0), 240)) * 3_600_000)
        } catch {
            return CGMSyncPlan.rejected(cursor, provider: .dexcomV3, error: error)
        }
        var assembler = BatchAssembler(provider: .dexcomV3)
        let report = await sync(
            from: plan.start, endpoints: configuration.syncEndpoints,
            includeDevices: configuration.syncIncludesDevices
        ) { page in assembler.merge(page.batch) }
        let fresh = plan.cursor.removingDelivered(from: assembler.makeBatch())
        let position = report.cursor ?? plan.start
        let next = plan.cursor.advanced(
            to: position, delivering: fresh,
            rememberFrom: position.adding(milliseconds: -plan.lookbackMilliseconds))
        let failures = report.failures.map { failure in
            CGMSyncFailure(
                error: failure.error,
                range: failure.window.map { DataRange.Span(start: $0.start, end: $0.end) })
        }
        return CGMSyncResult(batch: fresh, failures: failures, cursor: next, unreachable: plan.unreachable)
    }
}
