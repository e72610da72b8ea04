import CGMKit

/// The readings of a fast path, kept by `BatchAssembler`'s rules: unique by id, an
/// identical repeat dropped, a different repeat replacing the earlier one with a
/// `conflictingDuplicate` issue at its index, sorted by time then id.
///
/// It is keyed by an `Int` the fast path derives from the id without building a
/// `String`: a seeded hash of the id's bytes (Dexcom v3) or the epoch second the id
/// is made of (Share). Each key remembers where its id was, and `sameID` confirms a
/// match; two different ids with one key make `insert` answer `false`, and the
/// fast path gives up rather than guess.
struct FastReadings {
    /// How relayed copies are merged, exactly as `BatchAssembler` merges them (Share).
    var relayedCopies: RelayedCopyRule?
    private var positions: [Int: Int] = [:]
    private var readings: [GlucoseReading] = []
    private var idRanges: [Range<Int>] = []
    private var issues: [NormalizationIssue] = []

    init(relayedCopies: RelayedCopyRule? = nil) {
        self.relayedCopies = relayedCopies
    }

    mutating func reserveCapacity(_ count: Int) {
        positions.reserveCapacity(count)
        readings.reserveCapacity(count)
        idRanges.reserveCapacity(count)
    }

    /// Adds `reading` found at `index` under `key`; `sameID` is asked, with the id's
    /// range as given to the earlier reading, only when `key` was seen before.
    /// `false` when the key is taken by a different id.
    mutating func insert(
        _ reading: consuming GlucoseReading, key: Int, index: Int, idRange: Range<Int> = 0..<0,
        sameID: (Range<Int>) -> Bool
    ) -> Bool {
        if let position = positions.updateValue(readings.count, forKey: key) {
            positions[key] = position
            guard sameID(idRanges[position]) else { return false }
            let reading = reading
            if readings[position] != reading {
                if let rule = relayedCopies, rule.areCopies(readings[position], reading) {
                    readings[position] = rule.preferred(readings[position], reading)
                } else {
                    readings[position] = reading
                    issues.append(.conflictingDuplicate(at: index))
                }
            }
            return true
        }
        readings.append(reading)
        idRanges.append(idRange)
        return true
    }

    /// The batch: readings by time, then id (pages oldest first or newest first cost
    /// no sort), and the conflict issues in the order they were found. The storage is
    /// this value's own, so sorting copies nothing.
    /// With ``relayedCopies``, copies of one measurement are merged by that rule, exactly
    /// as `BatchAssembler` merges them.
    consuming func makeBatch(provider: ProviderID) -> CGMBatch {
        var readings = self.readings
        self.readings = []  // leaves `readings` the storage's only owner
        readings.sortByTimeThenID()
        if let relayedCopies { readings = relayedCopies.removingCopies(from: readings) }
        return CGMBatch(provider: provider, readings: readings, issues: issues)
    }
}
