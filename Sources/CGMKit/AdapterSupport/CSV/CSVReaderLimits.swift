/// Bounds that keep ``CSVReader`` total and its memory bounded on hostile input, as
/// `JSONReaderLimits` does for JSON.
///
/// Every limit is checked before the work it protects; exceeding one is a
/// ``CSVReaderError`` with code ``CSVReaderError/Code/limitExceeded`` whose message
/// names the limit, never the file's content.
@_spi(AdapterSupport)
public struct CSVReaderLimits: Sendable, Hashable {
    /// Largest accepted file, in bytes.
    public var maximumDocumentBytes: Int
    /// Most rows (records, blank lines included).
    public var maximumRows: Int
    /// Most fields in one row.
    public var maximumFieldsPerRow: Int
    /// Longest accepted field, in bytes of its source text.
    public var maximumFieldBytes: Int

    /// Creates limits.
    public init(maximumDocumentBytes: Int, maximumRows: Int, maximumFieldsPerRow: Int, maximumFieldBytes: Int) {
        self.maximumDocumentBytes = maximumDocumentBytes
        self.maximumRows = maximumRows
        self.maximumFieldsPerRow = maximumFieldsPerRow
        self.maximumFieldBytes = maximumFieldBytes
    }

    /// The defaults, sized from what Dexcom Clarity and LibreView export (fact sheet
    /// `librelinkup.md` §5–§6):
    /// - 32 MiB files: 90 days of Clarity EGVs are about 2.5 MB, a year of 5-minute
    ///   LibreView history about 10 MB;
    /// - 1,000,000 rows: three years of 5-minute readings;
    /// - 64 fields per row: the widest layout has 19 (LibreView), 14 (Clarity);
    /// - 64 KiB per field: a note is a few hundred bytes.
    public static let `default` = CSVReaderLimits(
        maximumDocumentBytes: 32 * 1024 * 1024, maximumRows: 1_000_000, maximumFieldsPerRow: 64,
        maximumFieldBytes: 64 * 1024)
}
