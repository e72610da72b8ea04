import CGMKit

/// A reference to the patient the data belong to: `Patient/<id>`, where `<id>` is a
/// FHIR id (1–64 of `A-Z a-z 0-9 - .`, FHIR R4 §2.24.0.1 `id`). The CGM IG requires
/// every Observation's `subject` (1..1); only the host knows the EHR's patient.
public struct FHIRPatientReference: Sendable, Hashable, PHIRedacting {
    /// `Patient/<id>`.
    public let reference: String

    /// Accepts `Patient/<id>`; `nil` for anything else.
    public init?(_ text: String) {
        guard text.hasPrefix("Patient/") else { return nil }
        let id = text.utf8.dropFirst("Patient/".utf8.count)
        guard (1...64).contains(id.count),
            id.allSatisfy({ byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == 0x2D || byte == 0x2E
            })
        else { return nil }
        reference = text
    }
}

/// How readings the sensor reported as out of its range (LOW / HIGH) are written
/// (SPEC §10; fact sheet §A.6).
public enum FHIROutOfRangeEncoding: String, Sendable, Hashable, CaseIterable {
    /// No value; `dataAbsentReason` `negative-infinity` / `positive-infinity` (the PHD IG's
    /// mapping of IEEE 11073 ±INFINITY, adopted by the CGM IG in FHIR-50213); interpretation `<` / `>`.
    /// The default: a receiver can never chart the sensor's limit as a true value.
    case absent
    /// `valueQuantity` = the sensor's limit with `comparator` `<` / `>`; interpretation `<` / `>`.
    case comparator
}

/// How readings without a usable value (`unavailable`) are written.
public enum FHIRUnavailableEncoding: String, Sendable, Hashable, CaseIterable {
    /// An Observation with `dataAbsentReason` `error` (PHD IG: NRes → error). The default.
    case dataAbsentReason
    /// Left out of the Bundle.
    case omit
}

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
