@_spi(AdapterSupport) import CGMKit

/// Nightscout as a ``CGMSyncSource``.
///
/// Horizon: **as configured** (``NightscoutClient/syncOptions``, 90 days by default).
/// Each sync reads entries and treatments with `date` in `[cursor − look-back, now)`,
/// page by page (``NightscoutClient/fetch(from:to:)``), and delivers what it had not
/// delivered. When one of the two fails, the other's records are delivered, the
/// cursor keeps its position and the next sync reads the span again.
extension NightscoutClient: CGMSyncSource {
    /// `nightscout`.
    public var syncProvider: ProviderID { .nightscout }

    /// ``NightscoutSyncOptions/horizon``.
    public var syncHorizon: CGMSyncHorizon { syncOptions.horizon }

    /// What is new since `cursor` (see `CGMSyncSource`).
    public func sync(since cursor: CGMSyncCursor?) async -> CGMSyncResult {
        let plan: CGMSyncPlan
        do {
            plan = try CGMSyncPlan(
                cursor: cursor, provider: .nightscout, now: clock.now(), horizon: syncHorizon,
                lookbackMilliseconds: Int64(min(max(syncOptions.lookbackMinutes, 0), 10 * 1440)) * 60_000)
        } catch {
            return CGMSyncPlan.rejected(cursor, provider: .nightscout, error: error)
        }
        guard !plan.isEmpty else { return plan.complete(CGMBatch(provider: .nightscout)) }
        let span = DataRange.Span(start: plan.start, end: plan.end)
        var assembler = BatchAssembler(provider: .nightscout, relayedCopies: NightscoutNormalizer.relayedCopies)
        var failures: [CGMSyncFailure] = []
        do {
            assembler.merge(try await entries(from: plan.start, to: plan.end))
        } catch {
            failures.append(CGMSyncFailure(error, range: span))
        }
        do {
            assembler.merge(try await treatments(from: plan.start, to: plan.end))
        } catch {
            failures.append(CGMSyncFailure(error, range: span))
        }
        let batch = assembler.makeBatch()
        return failures.isEmpty ? plan.complete(batch) : plan.incomplete(batch, failures: failures)
    }
}
