@_spi(AdapterSupport) import CGMKit

/// A ``DexcomV3TokenStore`` in memory, for tests and single-process tools. Tokens are
/// lost when the process ends; a server keeps them in its own encrypted storage.
public actor InMemoryDexcomV3TokenStore: DexcomV3TokenStore {
    private var tokens: DexcomV3Tokens?

    /// A store holding `tokens`.
    public init(_ tokens: DexcomV3Tokens? = nil) {
        self.tokens = tokens
    }

    /// The stored tokens.
    public func load() -> DexcomV3Tokens? {
        tokens
    }

    /// Compare-and-swap.
    public func compareAndSwap(expected: DexcomV3Tokens?, new: DexcomV3Tokens) -> Bool {
        guard tokens == expected else { return false }
        tokens = new
        return true
    }
}

/// The store holds tokens: it renders as its type name only.
extension InMemoryDexcomV3TokenStore: PHIRedacting {}
