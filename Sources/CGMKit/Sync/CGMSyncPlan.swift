/// The span one sync of a *polled* source asks for, and the result it makes:
/// the rule, in one place, for sources that read "everything from `start` to now"
/// (Dexcom Share, Nightscout, the sandbox, a third-party adapter).
///
/// - The first sync asks for the whole horizon: `[now − horizon, now)`.
/// - A later sync asks from the cursor's position minus `lookbackMilliseconds`, so
///   records uploaded late (signal-loss backfill, a phone that was offline) are still
///   collected; records the cursor already delivered are removed from the result.
/// - Never before `now − horizon`: the part of a stale cursor's gap older than that is
///   reported as ``CGMSyncResult/unreachable`` and the cursor moves past it.
/// - A complete fetch moves the position to `now`; an incomplete one keeps it and
///   only remembers what it delivered. Records before `start` that a vendor returns
///   anyway are not delivered.
///
/// ```swift
/// func sync(since cursor: CGMSyncCursor?) async -> CGMSyncResult {
///     let plan: CGMSyncPlan
///     do { plan = try CGMSyncPlan(cursor: cursor, provider: syncProvider, now: clock.now(),
///                                 horizon: syncHorizon, lookbackMilliseconds: 3 * 3_600_000) }
///     catch { return CGMSyncPlan.rejected(cursor, provider: syncProvider, error: error) }
///     do { return plan.complete(try await fetch(from: plan.start, to: plan.end)) }
///     catch { return plan.incomplete(CGMBatch(provider: syncProvider), failures: [CGMSyncFailure(error)]) }
/// }
/// ```
public struct CGMSyncPlan: Sendable, PHIRedacting {
    /// The first instant to ask for (inclusive).
    public let start: CGMInstant
    /// The end of the span (exclusive): the clock's "now".
    public let end: CGMInstant
    /// The cursor's gap older than the horizon, if any.
    public let unreachable: DataRange.Span?
    /// The cursor the plan continues (an initial one for a first sync).
    public let cursor: CGMSyncCursor
    /// How far before the position a sync re-reads.
    public let lookbackMilliseconds: Int64

    /// Plans a sync.
    /// - Throws: ``CGMError/Code/invalidArgument`` when `cursor` belongs to another provider.
    public init(
        cursor: CGMSyncCursor?, provider: ProviderID, now: CGMInstant, horizon: CGMSyncHorizon,
        lookbackMilliseconds: Int64
    ) throws {
        let cursor = cursor ?? CGMSyncCursor(provider: provider)
        guard cursor.provider == provider else {
            throw CGMError(code: .invalidArgument, message: "the cursor belongs to another provider")
        }
        let floor = now.adding(milliseconds: -horizon.milliseconds)
        let lookback = max(0, lookbackMilliseconds)
        self.cursor = cursor
        self.end = now
        self.lookbackMilliseconds = lookback
        if let position = cursor.position {
            self.start = min(now, max(floor, position.adding(milliseconds: -lookback)))
            self.unreachable = position < floor ? DataRange.Span(start: position, end: floor) : nil
        } else {
            self.start = floor
            self.unreachable = nil
        }
    }

    /// Whether there is anything to ask for (false when the clock went backwards).
    public var isEmpty: Bool { start >= end }

    /// The result of a fetch of `[start, end)` that succeeded: records already
    /// delivered are removed, and the cursor moves to ``end``.
    public func complete(_ batch: CGMBatch) -> CGMSyncResult {
        let fresh = cursor.removingDelivered(from: asked(batch))
        let next = cursor.advanced(
            to: end, delivering: fresh, rememberFrom: end.adding(milliseconds: -lookbackMilliseconds))
        return CGMSyncResult(batch: fresh, failures: [], cursor: next, unreachable: unreachable)
    }

    /// The result of a fetch that failed in part or in full: what arrived is
    /// delivered (and remembered), the position stays where it was.
    public func incomplete(_ batch: CGMBatch, failures: [CGMSyncFailure]) -> CGMSyncResult {
        let fresh = cursor.removingDelivered(from: asked(batch))
        let rememberFrom = cursor.position.map { $0.adding(milliseconds: -lookbackMilliseconds) }
        let next = cursor.advanced(to: nil, delivering: fresh, rememberFrom: rememberFrom)
        let failures =
            failures.isEmpty
            ? [CGMSyncFailure(error: CGMError(code: .unexpectedResponse, message: "the sync did not complete"))]
            : failures
        return CGMSyncResult(batch: fresh, failures: failures, cursor: next, unreachable: nil)
    }

    /// `batch` without timed records before ``start``: a vendor that answers "the last
    /// N minutes" by its own clock may return a little more than was asked for, and
    /// such a record is older than anything the cursor still remembers.
    func asked(_ batch: CGMBatch) -> CGMBatch {
        var result = batch
        result.readings.removeAll { $0.time.instant < start }
        result.calibrations.removeAll { $0.time.instant < start }
        result.events.removeAll { $0.time.instant < start }
        result.alerts.removeAll { $0.time.instant < start }
        return result
    }

    /// The result when no plan can be made (a cursor of another provider): nothing
    /// fetched, the cursor returned unchanged (or an initial one for `provider`).
    public static func rejected(_ cursor: CGMSyncCursor?, provider: ProviderID, error: any Error) -> CGMSyncResult {
        CGMSyncResult(
            batch: CGMBatch(provider: provider), failures: [CGMSyncFailure(error)],
            cursor: cursor ?? CGMSyncCursor(provider: provider))
    }
}
