#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Turns one raw provider payload into a unified ``CGMBatch``.
///
/// Every adapter provides one. It must be total: bytes that are not a payload of the
/// provider throw a ``CGMError`` (code ``CGMError/Code/notAPayload`` or
/// ``CGMError/Code/limitExceeded``); a bad record inside a good payload becomes a
/// ``NormalizationIssue`` and every other record is kept. It must never trap.
///
/// ```swift
/// struct EchoNormalizer: PayloadNormalizer {
///     let provider = ProviderID("echo")!
///     func normalize(_ payload: [UInt8]) throws -> CGMBatch {
///         guard case .array = try JSONReader().readPayload(payload) else {
///             throw CGMError(code: .notAPayload, message: "expected an array")
///         }
///         return BatchAssembler(provider: provider).makeBatch()
///     }
/// }
/// ```
public protocol PayloadNormalizer: Sendable {
    /// The provider whose payloads this normalizer reads.
    var provider: ProviderID { get }

    /// Normalizes one payload.
    func normalize(_ payload: [UInt8]) throws -> CGMBatch
}

extension PayloadNormalizer {
    /// Normalizes one payload held in `Data`.
    ///
    /// - Throws: What `normalize(_:)-([UInt8])` throws: a `CGMError` for bytes that are not a payload of this provider.
    public func normalize(_ payload: Data) throws -> CGMBatch {
        try normalize([UInt8](payload))
    }
}
