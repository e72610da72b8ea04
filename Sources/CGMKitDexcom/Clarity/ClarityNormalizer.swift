@_spi(AdapterSupport) import CGMKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Normalizes the CSV file that Dexcom Clarity exports (`dexcom_clarity`, SPEC §9).
///
/// The file holds wall-clock times with no zone, so the normalizer takes the IANA zone
/// the data was recorded in; there is no default and the machine's zone is never used.
///
/// - Columns are found by header name (English and German; fact sheet
///   `librelinkup.md` §6.1). Required: `Timestamp`, `Event Type`, `Glucose Value`.
///   The unit is the Glucose Value column's suffix; mmol/L values are converted with
///   SPEC §2.5's constant.
/// - Untimed rows are the preamble: `Device` gives the device (`Device Info`,
///   `Source Device ID`); `FirstName`, `LastName`, `DateOfBirth` are never read, and
///   the configured `Alert` settings are settings, not events. Neither is a record.
/// - `EGV` → readings: `Low` → `belowRange` 40, `High` → `aboveRange` 400, a number in
///   the file's unit (in mg/dL: below 39.5 → `belowRange` 40, up to 400.5 `ok` as
///   written, so mmol/L `2.2`, Dexcom's 40 floor, stays `ok`; up to 600 → `aboveRange`
///   400; above 600, zero or negative skipped with `invalidValue`); `Glucose Rate of
///   Change` → `trendRate`; trend `unknown` (Clarity exports no arrow). `id` =
///   `dexcom_clarity:<Transmitter ID>:<Transmitter Time>`, else
///   `dexcom_clarity:<UTC epoch seconds>`.
/// - The n-th row (file order) of one id key other than a transmitter-keyed EGV gets
///   `#n`, as LibreView's ids do; a repeat of an ambiguous fall-back wall clock without
///   transmitter time is the later instant.
/// - `Calibration` → calibrations; `Insulin`, `Carbs`, `Exercise` (value the duration in
///   minutes), `Health` → events with the subtype as sent; timed `Alert` rows → alerts
///   (`name` the subtype, `state` `triggered`). Any other timed type is skipped with an
///   `unsupportedRecord` issue.
/// - Local → UTC by `LocalTimeResolver`: a gap time shifts forward; an ambiguous
///   fall-back time is placed by its `Transmitter Time` against the unambiguous rows of
///   the same transmitter (or, when it has none, against its own ambiguous row with the
///   smallest Transmitter Time, which is the earlier instant), otherwise it is the
///   earlier instant. A wall clock whose instant is outside years 0001–9999 is skipped
///   with `invalidTimestamp` (`CGMInstant.rfc3339Range`).
/// - A row that cannot be read is skipped with one issue whose `index` is its row number
///   (header = 0).
public struct ClarityNormalizer: PayloadNormalizer {
    /// `dexcom_clarity`.
    public let provider: ProviderID = .dexcomClarity
    /// The zone the file's wall clocks belong to.
    public let timeZone: TimeZone
    /// The CSV reader, with its limits.
    @_spi(AdapterSupport) public var reader: CSVReader

    /// A normalizer for files recorded in `timeZone` (an IANA zone such as
    /// `TimeZone(identifier: "Europe/Berlin")`).
    ///
    /// On Linux, `TimeZone(identifier:)` finds IANA zones only once `Foundation` (or
    /// `FoundationInternationalization`) is loaded; with `FoundationEssentials` alone it
    /// answers `nil`. Import `Foundation` where the zone is made.
    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        self.reader = CSVReader()
    }

    /// A normalizer with its own reader limits.
    @_spi(AdapterSupport) public init(timeZone: TimeZone, reader: CSVReader) {
        self.timeZone = timeZone
        self.reader = reader
    }

    static let format = "not a Dexcom Clarity CSV export"

    /// Normalizes one exported file.
    ///
    /// - Throws: `CGMError` `notAPayload` (JSON, empty, not text, no Clarity
    ///   header, a LibreView export, missing required columns, no data rows) or
    ///   `limitExceeded` (the file's size or row count; a row over a field limit is one
    ///   issue). Messages name what is wrong,
    ///   never a value of the file.
    public func normalize(_ payload: [UInt8]) throws -> CGMBatch {
        let table = try reader.readExport(payload, format: Self.format)
        guard let header = CSVHeader.find(in: table, where: { ClarityColumns($0) != nil }),
            let columns = ClarityColumns(header)
        else {
            if CSVHeader.find(in: table, where: ClarityColumns.isLibreViewHeader) != nil {
                throw CGMError(
                    code: .notAPayload, message: "\(Self.format): it is a LibreView export (use --provider libreview)")
            }
            throw CGMError(
                code: .notAPayload,
                message: "\(Self.format): no header row with Timestamp, Event Type and Glucose Value columns")
        }
        var mapping = ClarityRowMapping(table: table, columns: columns, timeZone: timeZone)
        return try mapping.makeBatch()
    }
}
