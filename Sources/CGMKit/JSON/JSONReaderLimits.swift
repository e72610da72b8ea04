/// Bounds that keep ``JSONReader`` total and its memory bounded on hostile input.
///
/// Every limit is checked before the work it protects, and exceeding one is a
/// ``JSONReaderError`` with code ``JSONReaderError/Code/limitExceeded``. Document size
/// bounds the input; ``maximumValues`` bounds the tree built from it, so memory stays
/// proportional to the limits and not to how densely an attacker packs small values
/// (`[0,0,0,…]` would otherwise cost about 16 bytes of tree per byte of input).
public struct JSONReaderLimits: Sendable, Hashable {
    /// Largest accepted document, in bytes.
    public var maximumDocumentBytes: Int
    /// Deepest accepted nesting of arrays and objects.
    public var maximumDepth: Int
    /// Longest accepted string, in bytes of its source text.
    public var maximumStringBytes: Int
    /// Longest accepted number literal, in bytes.
    public var maximumNumberBytes: Int
    /// Most elements in one array: for every payload in this library, the number of
    /// records in one response.
    public var maximumArrayElements: Int
    /// Most values (scalars, arrays and objects) in one document.
    public var maximumValues: Int

    /// Creates limits.
    public init(
        maximumDocumentBytes: Int, maximumDepth: Int, maximumStringBytes: Int, maximumNumberBytes: Int,
        maximumArrayElements: Int = 100_000, maximumValues: Int = 1_000_000
    ) {
        self.maximumDocumentBytes = maximumDocumentBytes
        self.maximumDepth = maximumDepth
        self.maximumStringBytes = maximumStringBytes
        self.maximumNumberBytes = maximumNumberBytes
        self.maximumArrayElements = maximumArrayElements
        self.maximumValues = maximumValues
    }

    /// The defaults, sized from what vendors send (reliability J3, E41):
    /// - 16 MiB documents: a 30-day Dexcom v3 `/egvs` page is about 3 MB;
    /// - depth 512, as Foundation's `JSONSerialization` (payloads nest 3 to 5 deep);
    /// - 1 MiB strings and 256-byte numbers;
    /// - 100,000 records in one array: a 30-day window holds 8,640 EGVs, and 90 days
    ///   in one page (the benchmark's largest) 25,920;
    /// - 1,000,000 values: a 90-day page holds about 390,000; a tree of 10^6 values
    ///   measured 36 MB (`cgm-bench --hostile`).
    public static let `default` = JSONReaderLimits(
        maximumDocumentBytes: 16 * 1024 * 1024,
        maximumDepth: 512,
        maximumStringBytes: 1024 * 1024,
        maximumNumberBytes: 256,
        maximumArrayElements: 100_000,
        maximumValues: 1_000_000
    )

    /// The limits for reading a `cgmkit.batch.v1` batch back (``BatchDecoder``): a batch
    /// can gather many payloads (a year of one person's readings), so it gets more room
    /// than one vendor answer, still bounded:
    /// - 64 MiB documents: a pretty-printed reading is about 420 bytes, so about 150,000
    ///   readings (a year at 5-minute spacing is 105,120);
    /// - 400,000 records in one array;
    /// - 8,000,000 values (a reading with its device is about 20): a tree of that size is
    ///   about 290 MB at the 36 bytes a value measured for ``default``.
    public static let batch = JSONReaderLimits(
        maximumDocumentBytes: 64 * 1024 * 1024,
        maximumDepth: 512,
        maximumStringBytes: 1024 * 1024,
        maximumNumberBytes: 256,
        maximumArrayElements: 400_000,
        maximumValues: 8_000_000
    )
}
