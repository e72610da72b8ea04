import CGMKit
import Foundation

/// A `CGMLogSink` that keeps every event, for tests that assert what was logged
/// (and that no secret was).
public final class CapturingLogSink: CGMLogSink, @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [CGMLogEvent] = []

    /// Creates an empty sink.
    public init() {}

    /// Keeps the event.
    public func record(_ event: CGMLogEvent) {
        lock.lock()
        storage.append(event)
        lock.unlock()
    }

    /// The events so far, in order.
    public var events: [CGMLogEvent] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
