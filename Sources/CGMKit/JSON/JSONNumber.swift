/// A JSON number: its literal text as it appeared in the document and its `Double` value.
public struct JSONNumber: Sendable, Hashable {
    /// The literal as written, for example `"-1.00"` or `"1e400"`.
    public let text: String
    /// The value as a `Double`. Literals beyond `Double`'s range become `±infinity`,
    /// which adapters must treat as invalid; JSON itself has no infinities.
    public let doubleValue: Double

    /// Creates a number from its literal text and value.
    public init(text: String, doubleValue: Double) {
        self.text = text
        self.doubleValue = doubleValue
    }
}
