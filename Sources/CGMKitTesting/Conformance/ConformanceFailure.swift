import CGMKit

/// A conformance check that did not hold. Messages name checks, fields and counts,
/// never payload values.
public struct ConformanceFailure: Sendable, Hashable, CustomStringConvertible {
    /// The checks of ``AdapterConformance``.
    public enum Check: String, Sendable, Hashable, CaseIterable {
        /// The fixtures folder exists and holds payloads.
        case fixtures
        /// The payload normalizes.
        case normalizes
        /// The output equals the golden file.
        case golden
        /// Timed records are sorted and unique.
        case sortedAndUnique
        /// Every vendor record is normalized, merged or reported.
        case everyRecordAccounted
        /// The output validates against `Schemas/`.
        case schema
        /// Nothing secret or health-related appears in renderings.
        case noLeaks
    }

    /// The fixture file.
    public let fixture: String
    /// The check that failed.
    public let check: Check
    /// What went wrong.
    public let message: String

    /// `egvs.json: golden: …`.
    public var description: String { "\(fixture): \(check.rawValue): \(message)" }
}
