/// A source of random bits, injected so tests can replay backoff jitter and
/// authorization states exactly.
///
/// The default, ``SystemRandomSource``, is the operating system's cryptographically
/// secure generator; OAuth `state` values and PKCE verifiers must come from such a
/// source in production.
public protocol CGMRandomSource: Sendable {
    /// 64 random bits.
    func next() -> UInt64
}

extension CGMRandomSource {
    /// `count` random bytes.
    public func bytes(count: Int) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(max(count, 0))
        while result.count < count {
            var word = next()
            for _ in 0..<8 where result.count < count {
                result.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        return result
    }

    /// A uniform integer in `0...upperBound` (inclusive), without modulo bias.
    public func uniform(upTo upperBound: Int64) -> Int64 {
        guard upperBound > 0 else { return 0 }
        let range = UInt64(upperBound) + 1
        let limit = UInt64.max - UInt64.max % range
        while true {
            let value = next()
            if value < limit { return Int64(value % range) }
        }
    }
}

/// The system's cryptographically secure generator (`SystemRandomNumberGenerator`).
public struct SystemRandomSource: CGMRandomSource {
    /// Creates the source.
    public init() {}

    /// 64 bits from `SystemRandomNumberGenerator`.
    public func next() -> UInt64 {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }
}
