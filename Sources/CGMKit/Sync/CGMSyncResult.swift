/// What one ``CGMSyncSource/sync(since:)`` delivered.
///
/// Store ``batch``, then ``cursor``. An incomplete result still carries what did
/// arrive; its cursor stays before the missing data, so the next sync fetches it.
public struct CGMSyncResult: Sendable, PHIRedacting {
    /// The new records, normalized (SPEC §2.1): none of them was delivered by an
    /// earlier result of the same cursor chain.
    public let batch: CGMBatch
    /// What failed, in order; empty when the result is complete.
    public let failures: [CGMSyncFailure]
    /// Where the next sync starts. Opaque; `Codable`; holds no secret.
    public let cursor: CGMSyncCursor
    /// Data the cursor was missing that the vendor no longer serves (older than the
    /// source's horizon), or `nil`. Reported once: the cursor moves on past it.
    public let unreachable: DataRange.Span?

    /// Creates a result.
    public init(batch: CGMBatch, failures: [CGMSyncFailure], cursor: CGMSyncCursor, unreachable: DataRange.Span? = nil)
    {
        self.batch = batch
        self.failures = failures
        self.cursor = cursor
        self.unreachable = unreachable
    }

    /// Whether everything the vendor serves since the cursor was fetched.
    public var isComplete: Bool { failures.isEmpty }
}
