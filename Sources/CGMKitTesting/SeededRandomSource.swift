@_spi(AdapterSupport) import CGMKit
import Foundation

/// A deterministic `CGMRandomSource` over `SplitMix64` for reproducible jitter and
/// states in tests. Never use it for real authorization states.
public final class SeededRandomSource: CGMRandomSource, @unchecked Sendable {
    private let lock = NSLock()
    private var generator: SplitMix64

    /// A source starting from `seed`.
    public init(seed: UInt64) {
        self.generator = SplitMix64(seed: seed)
    }

    /// The next 64 bits of the sequence.
    public func next() -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        return generator.next()
    }
}
