/// One way to fetch, whatever the vendor (SPEC §12): "what is new since this
/// cursor?" Every CGMKit client adopts it (Dexcom v3, Dexcom Share, Nightscout, the
/// sandbox), and so can a third-party adapter; `SyncSourceConformance` in
/// CGMKitTesting checks the contract.
///
/// The contract, for every conforming source:
/// - **Nothing twice.** A record (reading, calibration, event, alert) delivered by
///   one result is not delivered again by a sync from that result's cursor.
///   Devices, which are not timed, may repeat.
/// - **Nothing skipped.** An incomplete result (``CGMSyncResult/isComplete`` false)
///   never moves the cursor past data it did not fetch; a later sync from its cursor
///   fetches what is missing.
/// - **Never throws.** Failures (typed ``CGMError``s, with no values) are in the
///   result; the cursor in the result is always the one to store next.
/// - **Bounded history.** A sync never asks for data older than ``syncHorizon``; what
///   a cursor is missing beyond it is reported as ``CGMSyncResult/unreachable``.
///
/// One loop serves every vendor:
///
/// ```swift
/// for account in accounts {                       // any mix of vendors
///     let source: any CGMSyncSource = try makeSource(for: account)
///     let result = await source.sync(since: try store.cursor(for: account))
///     try store.save(result.batch, for: account)  // first the batch …
///     try store.saveCursor(result.cursor, for: account)  // … then the cursor
///     for failure in result.failures { metrics.count(failure.error.code) }
/// }
/// ```
public protocol CGMSyncSource: Sendable {
    /// The provider whose records and cursors this source produces.
    var syncProvider: ProviderID { get }

    /// How far back the vendor serves data: a first sync reaches this far, and a
    /// cursor older than this cannot be caught up in full.
    var syncHorizon: CGMSyncHorizon { get }

    /// Fetches what is new since `cursor` (`nil`: the first sync, from ``syncHorizon``
    /// ago). Store ``CGMSyncResult/batch`` first, then ``CGMSyncResult/cursor``.
    func sync(since cursor: CGMSyncCursor?) async -> CGMSyncResult
}
