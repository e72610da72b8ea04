@_spi(AdapterSupport) import CGMKit

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
