/// Where a ``CGMSyncSource`` left off: opaque to the host, `Codable`, safe to store
/// next to the account (it holds no token, password or glucose value).
///
/// Inside: the provider, the instant up to which everything was fetched (the
/// *position*; exclusive), and the ids and times of records delivered at or after
/// the position minus the source's look-back, so that a source that re-reads a
/// recent overlap (late uploads, backfill) delivers nothing twice. At most
/// ``maximumMarks`` such ids are kept; beyond that (only after a very large
/// incomplete sync) the newest are kept, and an older record may be delivered again,
/// which merging by id absorbs (`CGMBatch.merging(_:relayedCopies:)`).
///
/// JSON form (stable, version 1):
/// `{"version":1,"provider":"dexcom","position":1793563200000,"delivered":[{"id":"dexcom:1793562900","t":1793562900000}]}`
public struct CGMSyncCursor: Sendable, Hashable, Codable, PHIRedacting {
    /// The provider the cursor belongs to.
    public let provider: ProviderID
    /// Everything before this instant was fetched; `nil` before the first complete sync.
    /// Informational (for a host's "synced up to" display); do not edit it.
    public let position: CGMInstant?
    /// Records delivered at or after `position` minus the look-back, by time then id.
    let delivered: [Mark]

    /// The most record ids a cursor keeps.
    public static let maximumMarks = 10_000
    /// The JSON form's version.
    public static let version = 1

    struct Mark: Sendable, Hashable {
        let id: RecordID
        let time: CGMInstant
    }

    /// The cursor of a source that has not synced yet.
    public init(provider: ProviderID) {
        self.init(provider: provider, position: nil, delivered: [])
    }

    init(provider: ProviderID, position: CGMInstant?, delivered: [Mark]) {
        self.provider = provider
        self.position = position
        self.delivered = delivered
    }

    // MARK: - For adapters

    /// Whether a record with `id` was delivered by this cursor's chain and is still
    /// remembered.
    public func hasDelivered(_ id: RecordID) -> Bool {
        delivered.contains { $0.id == id }
    }

    /// `batch` without the timed records this cursor's chain already delivered.
    public func removingDelivered(from batch: CGMBatch) -> CGMBatch {
        guard !delivered.isEmpty else { return batch }
        let known = Set(delivered.map(\.id))
        var result = batch
        result.readings.removeAll { known.contains($0.id) }
        result.calibrations.removeAll { known.contains($0.id) }
        result.events.removeAll { known.contains($0.id) }
        result.alerts.removeAll { known.contains($0.id) }
        return result
    }

    /// The cursor after delivering `batch`: its position moves to `position` (never
    /// backwards; `nil` keeps the current one), and it remembers the records delivered
    /// at or after `rememberFrom` (`nil`: every record delivered, for a position that
    /// did not move).
    public func advanced(to position: CGMInstant?, delivering batch: CGMBatch, rememberFrom: CGMInstant?)
        -> CGMSyncCursor
    {
        let newPosition: CGMInstant? =
            switch (self.position, position) {
            case (let old?, let new?): max(old, new)
            case (nil, let new?): new
            case (let old, nil): old
            }
        var marks = delivered
        for reading in batch.readings { marks.append(Mark(id: reading.id, time: reading.time.instant)) }
        for calibration in batch.calibrations { marks.append(Mark(id: calibration.id, time: calibration.time.instant)) }
        for event in batch.events { marks.append(Mark(id: event.id, time: event.time.instant)) }
        for alert in batch.alerts { marks.append(Mark(id: alert.id, time: alert.time.instant)) }
        if let rememberFrom { marks.removeAll { $0.time < rememberFrom } }
        var seen = Set<RecordID>()
        marks = marks.filter { seen.insert($0.id).inserted }
        marks.sort { $0.time != $1.time ? $0.time < $1.time : $0.id < $1.id }
        if marks.count > Self.maximumMarks { marks.removeFirst(marks.count - Self.maximumMarks) }
        return CGMSyncCursor(provider: provider, position: newPosition, delivered: marks)
    }

    // MARK: - Codable

    private enum CodingKeys: String, CodingKey {
        case version, provider, position, delivered
    }

    private enum MarkKeys: String, CodingKey {
        case id, t
    }

    /// Decodes the JSON form.
    /// - Throws: `DecodingError.dataCorrupted` for another version, an invalid
    ///   provider slug, an id of another provider, or more than ``maximumMarks`` ids.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decode(Int.self, forKey: .version)
        guard version == Self.version else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: container, debugDescription: "unknown cursor version")
        }
        guard let provider = ProviderID(try container.decode(String.self, forKey: .provider)) else {
            throw DecodingError.dataCorruptedError(
                forKey: .provider, in: container, debugDescription: "invalid provider slug")
        }
        let position = try container.decodeIfPresent(Int64.self, forKey: .position)
        var list = try container.nestedUnkeyedContainer(forKey: .delivered)
        var marks: [Mark] = []
        while !list.isAtEnd {
            guard marks.count < Self.maximumMarks else {
                throw DecodingError.dataCorruptedError(in: list, debugDescription: "too many delivered ids")
            }
            let mark = try list.nestedContainer(keyedBy: MarkKeys.self)
            let id = try mark.decode(String.self, forKey: .id)
            guard id.hasPrefix(provider.rawValue + ":") else {
                throw DecodingError.dataCorruptedError(
                    forKey: .id, in: mark, debugDescription: "id of another provider")
            }
            marks.append(
                Mark(
                    id: RecordID(rawValue: id),
                    time: CGMInstant(millisecondsSince1970: try mark.decode(Int64.self, forKey: .t))))
        }
        self.init(provider: provider, position: position.map(CGMInstant.init(millisecondsSince1970:)), delivered: marks)
    }

    /// Encodes the JSON form.
    ///
    /// - Throws: What `encoder` throws (`EncodingError`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.version, forKey: .version)
        try container.encode(provider.rawValue, forKey: .provider)
        try container.encode(position?.millisecondsSince1970, forKey: .position)
        var list = container.nestedUnkeyedContainer(forKey: .delivered)
        for mark in delivered {
            var entry = list.nestedContainer(keyedBy: MarkKeys.self)
            try entry.encode(mark.id.rawValue, forKey: .id)
            try entry.encode(mark.time.millisecondsSince1970, forKey: .t)
        }
    }
}
