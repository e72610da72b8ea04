@_spi(AdapterSupport) import CGMKit

/// Where the host keeps one Share account's ``DexcomShareLoginState`` (one store per
/// account, like ``DexcomV3TokenStore``): a row next to the account's credentials.
/// Every client of the account, in every process, reads it before a login and
/// writes it with compare-and-swap after a rejection.
///
/// ```swift
/// struct DatabaseLoginStateStore: DexcomShareLoginStateStore {
///     let accountKey: UUID
///     func load() async throws -> DexcomShareLoginState? { try await db.shareLoginState(accountKey) }
///     func compareAndSwap(expected: DexcomShareLoginState?, new: DexcomShareLoginState) async throws -> Bool {
///         try await db.updateShareLoginState(accountKey, ifCurrent: expected, to: new)  // one transaction
///     }
/// }
/// ```
public protocol DexcomShareLoginStateStore: Sendable {
    /// The stored state, or `nil` when nothing was recorded.
    func load() async throws -> DexcomShareLoginState?

    /// Atomically replaces the stored state with `new` if it still equals `expected`
    /// (`nil` meaning none stored). Returns `false`, changing nothing, when it does not.
    func compareAndSwap(expected: DexcomShareLoginState?, new: DexcomShareLoginState) async throws -> Bool
}

/// A ``DexcomShareLoginStateStore`` in memory: shared by the clients of one process
/// that are given the same instance; lost when the process ends. The default of a
/// client created without a store (then private to that client).
public actor InMemoryDexcomShareLoginStateStore: DexcomShareLoginStateStore {
    private var state: DexcomShareLoginState?

    /// A store holding `state`.
    public init(_ state: DexcomShareLoginState? = nil) {
        self.state = state
    }

    /// The stored state.
    public func load() -> DexcomShareLoginState? {
        state
    }

    /// Compare-and-swap.
    public func compareAndSwap(expected: DexcomShareLoginState?, new: DexcomShareLoginState) -> Bool {
        guard state == expected else { return false }
        state = new
        return true
    }
}

extension InMemoryDexcomShareLoginStateStore: PHIRedacting {}
