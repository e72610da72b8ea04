/// Waits between retries, injected so tests never sleep for real.
///
/// A sleeper must return promptly with `CancellationError` when the calling task
/// is cancelled, so a cancelled fetch sends nothing more.
///
/// ```swift
/// struct InstantSleeper: CGMSleeper {
///     func sleep(milliseconds: Int64) async throws { try Task.checkCancellation() }
/// }
/// ```
public protocol CGMSleeper: Sendable {
    /// Suspends for `milliseconds` (0 or more), or throws `CancellationError`.
    func sleep(milliseconds: Int64) async throws
}

/// The real sleeper: `Task.sleep`, which ends early with `CancellationError`.
public struct TaskSleeper: CGMSleeper {
    /// Creates the sleeper.
    public init() {}

    /// Sleeps with `Task.sleep(nanoseconds:)`.
    ///
    /// - Throws: `CancellationError` when the task is cancelled before or during the sleep.
    public func sleep(milliseconds: Int64) async throws {
        try Task.checkCancellation()
        guard milliseconds > 0 else { return }
        let (nanoseconds, overflow) = UInt64(milliseconds).multipliedReportingOverflow(by: 1_000_000)
        try await Task.sleep(nanoseconds: overflow ? .max : nanoseconds)
    }
}
