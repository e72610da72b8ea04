@_spi(AdapterSupport) import CGMKit

/// Where the host keeps one LibreLinkUp account's ``LibreLinkUpLoginState`` (one store per
/// account): a row next to the account's credentials.
/// Every client of the account, in every process, reads it before a login and
/// writes it with compare-and-swap after a rejection.
///
/// ```swift
/// struct DatabaseLoginStateStore: LibreLinkUpLoginStateStore {
///     let accountKey: UUID
///     func load() async throws -> LibreLinkUpLoginState? { try await db.lluLoginState(accountKey) }
///     func compareAndSwap(expected: LibreLinkUpLoginState?, new: LibreLinkUpLoginState) async throws -> Bool {
///         try await db.updateLLULoginState(accountKey, ifCurrent: expected, to: new)  // one transaction
///     }
/// }
/// ```
public protocol LibreLinkUpLoginStateStore: Sendable {
    /// The stored state, or `nil` when nothing was recorded.
    func load() async throws -> LibreLinkUpLoginState?

    /// Atomically replaces the stored state with `new` if it still equals `expected`
    /// (`nil` meaning none stored). Returns `false`, changing nothing, when it does not.
    func compareAndSwap(expected: LibreLinkUpLoginState?, new: LibreLinkUpLoginState) async throws -> Bool
}

/// A ``LibreLinkUpLoginStateStore`` in memory: shared by the clients of one process
/// that are given the same instance; lost when the process ends. The default of a
/// client created without a store (then private to that client).
public actor InMemoryLibreLinkUpLoginStateStore: LibreLinkUpLoginStateStore {
    private var state: LibreLinkUpLoginState?

    /// A store holding `state`.
    public init(_ state: LibreLinkUpLoginState? = nil) {
        self.state = state
    }

    /// The stored state.
    public func load() -> LibreLinkUpLoginState? {
        state
    }

    /// Compare-and-swap.
    public func compareAndSwap(expected: LibreLinkUpLoginState?, new: LibreLinkUpLoginState) -> Bool {
        guard state == expected else { return false }
        state = new
        return true
    }
}

extension InMemoryLibreLinkUpLoginStateStore: PHIRedacting {}
