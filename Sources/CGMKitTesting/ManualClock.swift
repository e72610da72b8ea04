import CGMKit
import Foundation

/// A `CGMClock` that only moves when a test moves it.
public final class ManualClock: CGMClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: CGMInstant

    /// A clock showing `instant`.
    public init(_ instant: CGMInstant = CGMInstant(millisecondsSince1970: 1_735_689_600_000)) {
        self.current = instant
    }

    /// The instant the clock shows.
    public func now() -> CGMInstant {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// Moves the clock forward by `seconds`.
    public func advance(seconds: Int64) {
        lock.lock()
        current = current.adding(milliseconds: seconds * 1000)
        lock.unlock()
    }

    /// Moves the clock by `milliseconds` (negative moves it back).
    public func advance(milliseconds: Int64) {
        lock.lock()
        current = current.adding(milliseconds: milliseconds)
        lock.unlock()
    }

    /// Sets the clock.
    public func set(_ instant: CGMInstant) {
        lock.lock()
        current = instant
        lock.unlock()
    }
}
