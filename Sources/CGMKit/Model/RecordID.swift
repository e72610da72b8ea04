/// The stable identity of a record: `"<provider>:<native id>"`, for example
/// `dexcom_v3:2cab70ee-d3b4-5a34-9aa9-767513ab72bd`.
///
/// Ordering is byte order of the UTF-8 text, which is how batches break time ties.
public struct RecordID: Sendable, Hashable, Comparable, PHIRedacting {
    /// The full identifier text.
    public let rawValue: String

    /// An identifier for a provider's native id.
    public init(provider: ProviderID, nativeID: String) {
        self.rawValue = provider.rawValue + ":" + nativeID
    }

    /// An identifier from its full text.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Orders ids in UTF-8 byte order.
    public static func < (lhs: RecordID, rhs: RecordID) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }
}
