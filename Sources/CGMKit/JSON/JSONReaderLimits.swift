/// Bounds that keep ``JSONReader`` total and its memory bounded on hostile input.
///
/// Every limit is checked before the work it protects, and exceeding one is a
/// ``JSONReaderError`` with code ``JSONReaderError/Code/limitExceeded``.
public struct JSONReaderLimits: Sendable, Hashable {
    /// Largest accepted document, in bytes.
    public var maximumDocumentBytes: Int
    /// Deepest accepted nesting of arrays and objects.
    public var maximumDepth: Int
    /// Longest accepted string, in bytes of its source text.
    public var maximumStringBytes: Int
    /// Longest accepted number literal, in bytes.
    public var maximumNumberBytes: Int

    /// Creates limits.
    public init(maximumDocumentBytes: Int, maximumDepth: Int, maximumStringBytes: Int, maximumNumberBytes: Int) {
        self.maximumDocumentBytes = maximumDocumentBytes
        self.maximumDepth = maximumDepth
        self.maximumStringBytes = maximumStringBytes
        self.maximumNumberBytes = maximumNumberBytes
    }

    /// The defaults: 32 MiB documents (a 30-day Dexcom v3 EGV response is about 3 MB),
    /// depth 512 (Foundation's), 1 MiB strings, 256-byte numbers.
    public static let `default` = JSONReaderLimits(
        maximumDocumentBytes: 32 * 1024 * 1024,
        maximumDepth: 512,
        maximumStringBytes: 1024 * 1024,
        maximumNumberBytes: 256
    )
}
