/// A record that cannot be kept, and the one issue that says why (SPEC §2.1: a skipped
/// record contributes exactly one ``NormalizationIssue``).
///
/// Mappers throw it with typed throws (`throws(SkippedRecord)`); the normalizer adds
/// ``issue`` to the batch and drops the record's warnings.
@_spi(AdapterSupport)
public struct SkippedRecord: Error, Sendable {
    /// The one issue the skipped record contributes.
    public let issue: NormalizationIssue

    /// A skip explained by `issue`.
    public init(issue: NormalizationIssue) {
        self.issue = issue
    }
}
