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
