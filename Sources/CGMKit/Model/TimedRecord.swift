/// A record that has an identity and a time: readings, calibrations, events and
/// alerts. Batches keep these sorted by time and unique by id.
public protocol TimedRecord: Sendable, Hashable {
    /// The record's stable identity.
    var id: RecordID { get }
    /// When the record happened.
    var time: RecordTime { get }
}
