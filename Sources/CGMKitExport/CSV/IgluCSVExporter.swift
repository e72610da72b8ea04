@_spi(AdapterSupport) import CGMKit

/// Writes a batch's sensor readings in the three-column form R's iglu (`id,time,gl`)
/// and Python's cgmquantify read.
///
/// - `id` is the **subject** (iglu's meaning: one id per person), as the host gives it.
/// - `time` is the UTC instant as `YYYY-MM-DD HH:MM:SS` (milliseconds dropped): the
///   form R's `as.POSIXct` parses without a format string (an ISO `T…Z` text would be
///   cut to the date). Read it with `tz = "UTC"`.
/// - `gl` is mg/dL, as iglu requires; LOW and HIGH readings carry the sensor's limit
///   (40 / 400), which puts them in the right consensus band, and `unavailable`
///   readings are left out.
public struct IgluCSVExporter: Sendable {
    /// The header row's fields.
    public static let columns = ["id", "time", "gl"]

    /// The subject written in every row's `id`.
    public var subject: String

    /// Creates an exporter.
    public init(subject: String) {
        self.subject = subject
    }

    /// The CSV text as UTF-8 bytes.
    public func export(_ batch: CGMBatch) -> [UInt8] {
        var output = ""
        CSVText.row(Self.columns, into: &output)
        for reading in batch.readings {
            guard let value = reading.analysisMilligramsPerDeciliter else { continue }
            let clock = reading.time.instant.utcDateTime.iso8601.prefix(19).replacingOccurrences(of: "T", with: " ")
            CSVText.row([subject, clock, CSVText.number(DecimalRounding.round(value, places: 4))], into: &output)
        }
        return Array(output.utf8)
    }
}

extension Substring {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
