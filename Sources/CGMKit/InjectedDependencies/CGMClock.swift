#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The source of the current time for adapters (session cool-downs, token expiry,
/// "since the last reading" windows), injected so tests never depend on the wall
/// clock and never sleep.
public protocol CGMClock: Sendable {
    /// The current instant.
    func now() -> CGMInstant
}

/// The system's wall clock.
public struct SystemClock: CGMClock {
    /// Creates the system clock.
    public init() {}

    /// The current instant from `Date()`.
    public func now() -> CGMInstant {
        CGMInstant(Date()) ?? CGMInstant(millisecondsSince1970: 0)
    }
}
