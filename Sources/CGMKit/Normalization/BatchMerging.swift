extension CGMBatch {
    /// Merges batches of one provider (for example every batch a sync stored) into one,
    /// under SPEC §2.1's rules as `BatchAssembler` applies them: records sorted and
    /// unique by id, identical repeats dropped, a repeat that differs replacing the
    /// other with a `conflictingDuplicate` issue, and, with `relayedCopies`, relayed
    /// copies merged.
    ///
    /// **Order-independent**: the result does not depend on the order of `batches`.
    /// Batches are first put in a canonical order, by the time of their latest record
    /// (a batch reaching later in time counts as fetched later, so its version of a
    /// conflicting record wins, as "last wins" intends), then by their JSON form; they
    /// are then merged in that order. Devices identical to an earlier one are dropped;
    /// the data range of the last batch (in that order) that has one is kept.
    ///
    /// - Throws: ``CGMError/Code/invalidArgument`` when a batch belongs to another provider.
    public static func merging(
        _ batches: [CGMBatch], provider: ProviderID,
        relayedCopies: RelayedCopyRule? = nil
    ) throws -> CGMBatch {
        guard batches.allSatisfy({ $0.provider == provider }) else {
            throw CGMError(
                code: .invalidArgument, message: "merging needs batches of one provider; combine providers instead")
        }
        let encoder = BatchEncoder()
        let ordered = batches.map { batch in
            (latest: batch.latestRecordTime, bytes: encoder.encode(batch), batch: batch)
        }
        .sorted { lhs, rhs in
            lhs.latest != rhs.latest ? lhs.latest < rhs.latest : lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
        }
        var assembler = BatchAssembler(provider: provider, relayedCopies: relayedCopies)
        var devices: [CGMDevice] = []
        for entry in ordered {
            var batch = entry.batch
            batch.devices.removeAll { devices.contains($0) }
            devices.append(contentsOf: batch.devices)
            assembler.merge(batch)
        }
        return assembler.makeBatch()
    }

    /// The latest time of any timed record, in milliseconds (`Int64.min` when none).
    var latestRecordTime: Int64 {
        let times = [
            readings.last?.time.instant, calibrations.last?.time.instant, events.last?.time.instant,
            alerts.last?.time.instant,
        ].compactMap { $0?.millisecondsSince1970 }
        return times.max() ?? Int64.min
    }
}
