/// A record or payload problem that did not stop the batch (SPEC §2.4).
///
/// Messages are fixed texts chosen by adapters: they name fields, never values, so
/// an issue can be logged without leaking health data.
public struct NormalizationIssue: Sendable, Hashable, CustomStringConvertible {
    /// The closed list of issue codes (Docs/Schema.md); add to it only together
    /// with `Schemas/`.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// An array element that is not an object (or an object not to be trusted).
        case invalidRecord
        /// A required field is missing.
        case missingField
        /// A time is missing, malformed or impossible.
        case invalidTimestamp
        /// A value has the wrong type or is out of any sensible range.
        case invalidValue
        /// A trend token CGMKit does not recognise.
        case unknownTrend
        /// A status string CGMKit does not recognise.
        case unknownStatus
        /// A record repeated with different content; the later one was kept.
        case conflictingDuplicate
        /// A well-formed vendor record of a kind the unified schema has no place for
        /// (Nightscout `cal` entries); it is reported, not kept.
        case unsupportedRecord
    }

    /// The record's position in the vendor array; `nil` for payload-level issues.
    public var index: Int?
    /// What kind of problem.
    public var code: Code
    /// A fixed explanation naming the field, never its value.
    public var message: String

    /// Creates an issue.
    public init(index: Int?, code: Code, message: String) {
        self.index = index
        self.code = code
        self.message = message
    }

    /// The issue of a record that repeats an earlier id with different content; the
    /// later one is kept (SPEC §2.1). `BatchAssembler` adds it, and so must any fast
    /// path that keeps the same rule.
    public static func conflictingDuplicate(at index: Int?) -> NormalizationIssue {
        NormalizationIssue(
            index: index, code: .conflictingDuplicate,
            message: "record repeats an earlier id with different content; the later one was kept")
    }

    /// `"[3] invalidTimestamp: systemTime is not a date"`.
    public var description: String {
        let position = index.map { "[\($0)] " } ?? ""
        return "\(position)\(code.rawValue): \(message)"
    }
}
