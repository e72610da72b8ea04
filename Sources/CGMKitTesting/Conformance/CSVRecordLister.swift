@_spi(AdapterSupport) import CGMKit

extension AdapterConformance {
    /// A ``RawRecordLister`` for CSV exports, reading them with CGMKit's strict reader.
    ///
    /// The header is the first row (of the first 24) that `isHeader` accepts, given its
    /// trimmed column names; rows above it (a title line) are no records. Each later
    /// non-blank row is offered to `isRecord` as a dictionary from column name to trimmed
    /// field; the rows it accepts become records with `index` = row number − header row
    /// (SPEC §9: header = 0), `nativeID` from `nativeID`, and `content` the fields (plain
    /// numbers as JSON numbers, so the leak check hunts glucose values too). A row the
    /// reader marks malformed is always a record (it must be reported).
    ///
    /// - Parameters:
    ///   - isHeader: Whether column names are the header's.
    ///   - isRecord: Whether a data row is a record (`false` for an untimed preamble row
    ///     the adapter documents as none).
    ///   - nativeID: The vendor id the adapter's output id is built from, or `nil`
    ///     (accounted by count).
    public static func csvRecords(
        isHeader: @escaping @Sendable ([String]) -> Bool,
        isRecord: @escaping @Sendable ([String: String]) -> Bool = { _ in true },
        nativeID: @escaping @Sendable ([String: String]) -> String? = { _ in nil }
    ) -> RawRecordLister {
        { bytes in
            guard let table = try? CSVReader().read(bytes),
                let header = CSVHeader.find(in: table, where: { isHeader($0.names) })
            else { return nil }
            var records: [VendorRecord] = []
            for row in (header.row + 1)..<table.rowCount where !table.isBlank(row: row) {
                var fields: [String: String] = [:]
                var content: [JSONValue] = []
                for column in 0..<table.fieldCount(row: row) {
                    let text = table.trimmed(row: row, column: column)
                    if column < header.names.count, fields[header.names[column]] == nil {
                        fields[header.names[column]] = text
                    }
                    if let number = table.decimal(row: row, column: column) {
                        content.append(.number(JSONNumber(text: text, doubleValue: number)))
                    } else {
                        content.append(.string(table.string(row: row, column: column)))
                    }
                }
                guard table.isMalformed(row: row) || isRecord(fields) else { continue }
                records.append(
                    VendorRecord(
                        index: row - header.row, nativeID: table.isMalformed(row: row) ? nil : nativeID(fields),
                        content: .array(content)))
            }
            return records
        }
    }
}
