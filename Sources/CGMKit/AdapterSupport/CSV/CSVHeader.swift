/// The header row of an exported CSV file: where it is and which column holds which
/// name, so importers find columns by name, never by position (SPEC §9).
///
/// Names are compared trimmed and ignoring ASCII case (`Glukosewert (mmol/l)` is seen
/// beside `(mmol/L)`).
@_spi(AdapterSupport)
public struct CSVHeader: Sendable {
    /// The header's row in the table.
    public let row: Int
    /// The trimmed column names, in order.
    public let names: [String]
    private let folded: [String]

    /// The header at `row` of `table`.
    public init(table: CSVTable, row: Int) {
        self.row = row
        self.names = (0..<table.fieldCount(row: row)).map { table.trimmed(row: row, column: $0) }
        self.folded = names.map { Self.fold($0) }
    }

    /// The first of the first `searchRows` rows that `isHeader` accepts, or `nil`.
    public static func find(
        in table: CSVTable, searchRows: Int = 24, where isHeader: (CSVHeader) -> Bool
    ) -> CSVHeader? {
        for row in 0..<min(table.rowCount, searchRows) where table.fieldCount(row: row) > 1 {
            let header = CSVHeader(table: table, row: row)
            if isHeader(header) { return header }
        }
        return nil
    }

    /// The column whose name is one of `candidates`.
    public func column(named candidates: [String]) -> Int? {
        let wanted = Set(candidates.map { Self.fold($0) })
        return folded.firstIndex { wanted.contains($0) }
    }

    /// The column whose name starts with one of `prefixes`, and the rest of its name
    /// trimmed (the unit in `Historic Glucose mg/dL`, `Glucose Value (mmol/L)`).
    public func column(prefixedBy prefixes: [String]) -> (index: Int, suffix: String)? {
        for (index, name) in folded.enumerated() {
            for prefix in prefixes.map({ Self.fold($0) }) where name.hasPrefix(prefix) {
                return (index, String(names[index].dropFirst(prefix.count)).trimmingASCIIWhitespace())
            }
        }
        return nil
    }

    private static func fold(_ name: String) -> String {
        String(name.trimmingASCIIWhitespace().lowercased())
    }
}

extension String {
    /// Whether the text can stand in a record id: 1 to 128 bytes with no control
    /// character (a quoted CSV field can hold line breaks, which an id must not).
    @_spi(AdapterSupport)
    public var isPlainIdentifier: Bool {
        !isEmpty && utf8.count <= 128 && unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
    }
}
