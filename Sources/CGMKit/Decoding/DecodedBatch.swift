/// A decoded batch and the unit its glucose values were written in, so it can be
/// re-encoded (or exported) in that unit.
public struct DecodedBatch: Sendable, Hashable, PHIRedacting {
    /// The batch; glucose values are stored in mg/dL as always.
    public var batch: CGMBatch
    /// The unit the JSON form used (mg/dL when the batch holds no glucose value).
    public var unit: GlucoseUnit

    /// Creates a decoded batch.
    public init(batch: CGMBatch, unit: GlucoseUnit) {
        self.batch = batch
        self.unit = unit
    }
}
