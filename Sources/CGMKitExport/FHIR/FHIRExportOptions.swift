import CGMKit

/// What the FHIR export needs from the host.
public struct FHIRExportOptions: Sendable, Hashable {
    /// The patient every Observation is about.
    public var subject: FHIRPatientReference
    /// The `Bundle.timestamp` (IG: 1..1): when the Bundle was assembled.
    public var timestamp: CGMInstant
    /// The identifier system (a URI the host owns) under which reading ids, device ids
    /// and summary ids are written; `ifNoneExist` searches it.
    public var identifierSystem: String
    /// The unit of sensor readings and the mean: 99504-3 / 97507-8 for mg/dL,
    /// 105272-9 / 105273-7 for mmol/L.
    public var unit: GlucoseUnit
    /// The mmol/L factor.
    public var conversion: GlucoseConversion
    /// LOW / HIGH encoding.
    public var outOfRange: FHIROutOfRangeEncoding
    /// `unavailable` encoding.
    public var unavailable: FHIRUnavailableEncoding
    /// The summary's reporting period; `nil` means the batch's readings' span in whole local days.
    public var reportingPeriod: ReportingPeriod?
    /// Whether to add the CGM summary (107931-8) and its members.
    public var includesSummary: Bool
    /// The text layout.
    public var layout: JSONWriter.Layout

    /// The identifier system used when the host gives none. Hosts should pass their own.
    public static let defaultIdentifierSystem = "urn:cgmkit:record-id"

    /// Creates options; only the subject and the timestamp have no default.
    public init(
        subject: FHIRPatientReference, timestamp: CGMInstant,
        identifierSystem: String = FHIRExportOptions.defaultIdentifierSystem,
        unit: GlucoseUnit = .milligramsPerDeciliter, conversion: GlucoseConversion = .standard,
        outOfRange: FHIROutOfRangeEncoding = .absent, unavailable: FHIRUnavailableEncoding = .dataAbsentReason,
        reportingPeriod: ReportingPeriod? = nil, includesSummary: Bool = true,
        layout: JSONWriter.Layout = .pretty
    ) {
        self.subject = subject
        self.timestamp = timestamp
        self.identifierSystem = identifierSystem
        self.unit = unit
        self.conversion = conversion
        self.outOfRange = outOfRange
        self.unavailable = unavailable
        self.reportingPeriod = reportingPeriod
        self.includesSummary = includesSummary
        self.layout = layout
    }

    /// Whether `text` can serve as an identifier system: an absolute URI (a scheme of
    /// letters, digits, `+ - .` then `:`), 1–255 bytes, no spaces, `|`, `&`, `#` or controls.
    public static func isValidIdentifierSystem(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...255).contains(bytes.count), let colon = bytes.firstIndex(of: 0x3A), colon > 0,
            colon + 1 < bytes.count,
            bytes[0..<colon].allSatisfy({
                (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
                    || (0x30...0x39).contains($0) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E
            }),
            (0x41...0x5A).contains(bytes[0]) || (0x61...0x7A).contains(bytes[0]),
            bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x7C && $0 != 0x26 && $0 != 0x23 })
        else { return false }
        return true
    }
}
