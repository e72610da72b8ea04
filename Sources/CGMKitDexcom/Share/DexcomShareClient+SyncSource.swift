@_spi(AdapterSupport) import CGMKit

/// Dexcom Share as a ``CGMSyncSource``.
///
/// Horizon: **24 hours** (Share serves at most 1440 minutes and 288 readings). Each
/// sync reads `minutes` from the cursor's position minus
/// ``Configuration/syncLookbackMinutes`` (3 hours by default, to collect readings the
/// phone uploads late after a signal loss) up to now, in one read request (plus a
/// login when there is no session), and delivers the readings not delivered before.
/// A cursor older than 24 hours is caught up from 24 hours ago; the rest is reported
/// as ``CGMSyncResult/unreachable``. A failed read delivers nothing and keeps the
/// cursor. When Share returns its maximum of 288 elements (a phone and a watch both
/// uploading fill it in 12 hours), what is older than the oldest returned reading
/// cannot be read with this API at all: that span is reported as
/// ``CGMSyncResult/unreachable`` too, and the cursor moves on. Share carries no vendor identity, so a relayed copy (phone and watch) of a
/// reading delivered by an earlier sync may arrive with another id: merging the
/// stored batches with ``DexcomShareNormalizer/relayedCopies`` removes it.
extension DexcomShareClient: CGMSyncSource {
    /// How far back Share serves.
    public static let syncHorizon = CGMSyncHorizon.hours(24)

    /// `dexcom`.
    public nonisolated var syncProvider: ProviderID { .dexcomShare }

    /// 24 hours.
    public nonisolated var syncHorizon: CGMSyncHorizon { Self.syncHorizon }

    /// What is new since `cursor` (see `CGMSyncSource`).
    public func sync(since cursor: CGMSyncCursor?) async -> CGMSyncResult {
        let plan: CGMSyncPlan
        do {
            plan = try CGMSyncPlan(
                cursor: cursor, provider: .dexcomShare, now: clock.now(), horizon: syncHorizon,
                lookbackMilliseconds: Int64(min(max(configuration.syncLookbackMinutes, 0), Self.maximumMinutes))
                    * 60_000)
        } catch {
            return CGMSyncPlan.rejected(cursor, provider: .dexcomShare, error: error)
        }
        guard !plan.isEmpty else { return plan.complete(CGMBatch(provider: .dexcomShare)) }
        let span = plan.end.millisecondsSince1970 - plan.start.millisecondsSince1970
        let minutes = Int(min(Int64(Self.maximumMinutes), max(1, (span + 59_999) / 60_000)))
        do {
            let (batch, returned) = try await readLatest(minutes: minutes, maxCount: Self.maximumCount)
            let result = plan.complete(batch)
            guard returned >= Self.maximumCount, let oldest = batch.readings.first?.time.instant, oldest > plan.start
            else { return result }
            // Share keeps the newest 288: [start, oldest) may hold readings it will never return.
            let cut = DataRange.Span(start: result.unreachable?.start ?? plan.start, end: oldest)
            return CGMSyncResult(
                batch: result.batch, failures: result.failures, cursor: result.cursor, unreachable: cut)
        } catch {
            return plan.incomplete(
                CGMBatch(provider: .dexcomShare),
                failures: [CGMSyncFailure(error, range: DataRange.Span(start: plan.start, end: plan.end))])
        }
    }
}
