import CGMKit

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
