import CGMKit

/// One record of a vendor payload, as the accounting check sees it.
public struct VendorRecord: Sendable, Hashable {
    /// Its position in the vendor array (issues name it).
    public var index: Int
    /// The vendor's id for it; the adapter's output ids are `provider:nativeID`, or
    /// `provider:nativeID#part` when one vendor record becomes several.
    /// `nil` when the record carries none (then it is accounted by count).
    public var nativeID: String?
    /// The record itself; identical repeats are merged by the batch rules.
    public var content: JSONValue
    /// The payload with this record alone in its array, when the lister can build
    /// it. The accounting check normalizes it to recognise a record merged as a
    /// relayed copy of another (SPEC §2.1); without it such a record counts as vanished.
    public var isolatedPayload: JSONValue?

    /// Creates a vendor record.
    public init(index: Int, nativeID: String?, content: JSONValue, isolatedPayload: JSONValue? = nil) {
        self.index = index
        self.nativeID = nativeID
        self.content = content
        self.isolatedPayload = isolatedPayload
    }
}
