@_spi(AdapterSupport) import CGMKit

/// LibreLinkUp as a `CGMSyncSource` (SPEC §12).
///
/// Horizon: **12 hours**, the `graphData` window; LibreLinkUp serves no older history
/// (fact sheet `librelinkup.md` §1.6). Each sync is one `/graph` call (plus a login and
/// the one `/llu/connections` call when needed) and delivers the readings the cursor has
/// not delivered. The graph trails "now" by 15–21 minutes and a new point appears only
/// then, so each sync re-reads the whole 12 hours it is given anyway
/// (``syncLookbackMilliseconds``): a point published late is still delivered. A cursor
/// older than 12 hours is caught up from 12 hours ago; the rest is reported as
/// `CGMSyncResult.unreachable`. A failed call delivers nothing and keeps the cursor.
extension LibreLinkUpClient: CGMSyncSource {
    /// How far back LibreLinkUp serves.
    public static let syncHorizon = CGMSyncHorizon.hours(12)

    /// A sync re-reads the whole graph window: 12 hours.
    public static let syncLookbackMilliseconds: Int64 = 12 * 3_600_000

    /// `librelinkup`.
    public nonisolated var syncProvider: ProviderID { .libreLinkUp }

    /// 12 hours.
    public nonisolated var syncHorizon: CGMSyncHorizon { Self.syncHorizon }

    /// What is new since `cursor` (see `CGMSyncSource`).
    public func sync(since cursor: CGMSyncCursor?) async -> CGMSyncResult {
        let plan: CGMSyncPlan
        do {
            plan = try CGMSyncPlan(
                cursor: cursor, provider: .libreLinkUp, now: clock.now(), horizon: syncHorizon,
                lookbackMilliseconds: Self.syncLookbackMilliseconds)
        } catch {
            return CGMSyncPlan.rejected(cursor, provider: .libreLinkUp, error: error)
        }
        guard !plan.isEmpty else { return plan.complete(CGMBatch(provider: .libreLinkUp)) }
        do {
            return plan.complete(try await graph())
        } catch {
            return plan.incomplete(
                CGMBatch(provider: .libreLinkUp),
                failures: [CGMSyncFailure(error, range: DataRange.Span(start: plan.start, end: plan.end))])
        }
    }
}
