@_spi(AdapterSupport) import CGMKit
import CGMKitDexcom
import CGMKitLibre
import CGMKitTesting
import Foundation

/// Reads the bytes as CSV. What reads must survive a rewrite with every field quoted
/// (doubled quotes, the same separator) and read back to the same rows; tight limits
/// fail with `limitExceeded` only, and no error names a field's content.
public func fuzzCSVReader(_ bytes: [UInt8]) {
    let table: CSVTable
    do {
        table = try CSVReader().read(bytes)
    } catch {
        require(error.message.utf8.count < 200, "a CSV error message is long enough to quote content")
        return
    }
    require(table.rowCount > 0, "a file that reads has no row")
    let rows = (0..<table.rowCount).map { row in
        (0..<table.fieldCount(row: row)).map { table.string(row: row, column: $0) }
    }
    if !(0..<table.rowCount).contains(where: table.isMalformed(row:)) {
        let separator = String(UnicodeScalar(table.separator))
        let rewritten = rows.map { fields in
            fields.map { "\"" + $0.replacing("\"", with: "\"\"") + "\"" }.joined(separator: separator)
        }.joined(separator: "\n")
        let reread = try? CSVReader(
            limits: .init(
                maximumDocumentBytes: .max, maximumRows: .max, maximumFieldsPerRow: .max, maximumFieldBytes: .max)
        ).read(Array(rewritten.utf8), separator: table.separator)
        let rereadRows = reread.map { table in
            (0..<table.rowCount).map { row in
                (0..<table.fieldCount(row: row)).map { table.string(row: row, column: $0) }
            }
        }
        require(rereadRows == rows, "rows do not survive a quoted rewrite")
    }
    let tight = CSVReaderLimits(maximumDocumentBytes: 256, maximumRows: 4, maximumFieldsPerRow: 4, maximumFieldBytes: 8)
    do {
        _ = try CSVReader(limits: tight).read(bytes)
    } catch {
        require(
            error.code != .limitExceeded || error.message.contains("maximum"),
            "a limit error does not name its limit")
    }
}

/// The zones the exported-file targets normalize in (a 1-hour and a 30-minute DST shift).
let fuzzZones: [TimeZone] = ["Europe/Berlin", "Australia/Lord_Howe"].compactMap(TimeZone.init(identifier:))

/// Normalizes the bytes as a Dexcom Clarity and as a LibreView export (both date
/// orders): only `CGMError`, and every batch keeps SPEC §2's promises.
public func fuzzExportedFiles(_ bytes: [UInt8]) {
    require(!fuzzZones.isEmpty, "the time-zone database is missing")
    for zone in fuzzZones.prefix(bytes.count % 2 + 1) {
        let normalizers: [any PayloadNormalizer] = [
            ClarityNormalizer(timeZone: zone), LibreViewNormalizer(timeZone: zone),
            LibreViewNormalizer(timeZone: zone, dateOrder: .monthFirst),
        ]
        for normalizer in normalizers {
            let outcome = NormalizationOutcome { try normalizer.normalize(bytes) }
            require(outcome != .foreignError, "\(normalizer.provider) threw something other than CGMError")
            if case .batch(let batch) = outcome { checkBatch(batch) }
        }
    }
}
