@_spi(AdapterSupport) import CGMKit

/// Where the host keeps one user's tokens. CGMKit never writes tokens anywhere else.
///
/// The store is the source of truth when several client instances (processes,
/// servers) serve the same user: a client re-reads it before refreshing, and writes
/// with compare-and-swap, so an instance that lost a race adopts the winner's tokens
/// instead of refreshing with a refresh token that may already be rotated away.
///
/// ```swift
/// struct DatabaseTokenStore: DexcomV3TokenStore {
///     let userID: UUID
///     func load() async throws -> DexcomV3Tokens? { try await db.tokens(for: userID) }
///     func compareAndSwap(expected: DexcomV3Tokens?, new: DexcomV3Tokens) async throws -> Bool {
///         try await db.updateTokens(for: userID, ifCurrent: expected, to: new) // one transaction
///     }
/// }
/// ```
public protocol DexcomV3TokenStore: Sendable {
    /// The stored tokens, or `nil` when the user has not authorized yet.
    func load() async throws -> DexcomV3Tokens?

    /// Atomically replaces the stored tokens with `new` if they still equal `expected`
    /// (`nil` meaning none stored). Returns `false`, changing nothing, when they do not.
    /// Throwing stops the request that needed the tokens.
    func compareAndSwap(expected: DexcomV3Tokens?, new: DexcomV3Tokens) async throws -> Bool
}
