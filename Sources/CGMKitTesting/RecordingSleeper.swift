@_spi(AdapterSupport) import CGMKit
import Foundation

/// A `CGMSleeper` that returns at once and records every requested delay, so
/// tests check backoff without waiting. It honours cancellation like the real one.
public final class RecordingSleeper: CGMSleeper, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Int64] = []
    private let clock: ManualClock?

    /// A sleeper; when `clock` is given, each sleep also advances it by the delay.
    public init(advancing clock: ManualClock? = nil) {
        self.clock = clock
    }

    /// The delays asked for, in milliseconds, in order.
    public var delays: [Int64] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    private func record(_ milliseconds: Int64) {
        lock.lock()
        recorded.append(milliseconds)
        lock.unlock()
    }

    /// Records the delay (and advances the clock), or throws `CancellationError`.
    ///
    /// - Throws: `CancellationError` when the task is cancelled.
    public func sleep(milliseconds: Int64) async throws {
        try Task.checkCancellation()
        record(milliseconds)
        clock?.advance(milliseconds: milliseconds)
    }
}
