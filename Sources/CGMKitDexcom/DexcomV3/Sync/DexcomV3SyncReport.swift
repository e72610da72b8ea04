@_spi(AdapterSupport) import CGMKit

/// What one window of a sync delivered.
public struct DexcomV3SyncPage: Sendable, PHIRedacting {
    /// The window, or `nil` for the devices page (devices are not windowed).
    public let window: DexcomV3Window?
    /// Everything fetched for the window, normalized; de-duplicated within the page.
    public let batch: CGMBatch
    /// Whether every endpoint of the window succeeded. An incomplete page still holds
    /// what the successful endpoints returned.
    public let isComplete: Bool
    /// Where the next sync may start once the host has stored this page and every
    /// earlier one: the end of the last window of the unbroken run of complete windows.
    public let cursor: CGMInstant?
}

/// One endpoint of one window that failed after its retries, or a window that was
/// not attempted because the sync stopped.
public struct DexcomV3SyncFailure: Sendable, PHIRedacting {
    /// The window; `nil` for `dataRange` and `devices`.
    public let window: DexcomV3Window?
    /// The endpoint; `nil` when the window was not attempted at all.
    public let endpoint: DexcomV3Endpoint?
    /// Why.
    public let error: CGMError
}

/// How a sync went. Check ``isComplete`` before treating the data as the whole range.
public struct DexcomV3SyncReport: Sendable, PHIRedacting {
    /// The windows the range was split into, oldest first.
    public internal(set) var windows: [DexcomV3Window] = []
    /// Windows whose every endpoint succeeded.
    public internal(set) var completedWindows: [DexcomV3Window] = []
    /// What failed, in order.
    public internal(set) var failures: [DexcomV3SyncFailure] = []
    /// The error that stopped the sync early (re-authorization required, rate limited
    /// beyond the cap, cancelled, …), or `nil` when every window was attempted.
    public internal(set) var stopReason: CGMError?
    /// Where the next sync should start: the end of the unbroken run of complete
    /// windows from the start, or the sync's `start` when the first window failed.
    public internal(set) var cursor: CGMInstant?

    /// Whether everything in the range was fetched.
    public var isComplete: Bool { failures.isEmpty && stopReason == nil }

    /// The windows with at least one failure, oldest first.
    public var failedWindows: [DexcomV3Window] {
        var seen = Set<DexcomV3Window>()
        return failures.compactMap(\.window).filter { seen.insert($0).inserted }
    }
}

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
