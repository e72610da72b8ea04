@_spi(AdapterSupport) import CGMKit

/// A range fetched into one batch, with the report that says whether it is whole.
public struct DexcomV3SyncResult: Sendable, PHIRedacting {
    /// Every record fetched, from every page, de-duplicated across windows by id.
    public let batch: CGMBatch
    /// What was planned, fetched and missed.
    public let report: DexcomV3SyncReport
    /// Records that arrived more than once (on both sides of a window boundary, for
    /// example) and were merged.
    public let duplicateCount: Int

    /// Whether the batch is the whole range. Partial data is never presented as complete.
    public var isComplete: Bool { report.isComplete }
}
