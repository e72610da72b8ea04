@_spi(AdapterSupport) import CGMKit

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
