/// Combines one person's readings from several sources (a Dexcom v3 grant and a
/// Nightscout site fed by the same sensor, say) with a host-given priority.
///
/// The rule: a reading of a lower-priority source within
/// ``sameMeasurementMilliseconds`` (2.5 minutes, inclusive) of a kept reading of a
/// higher-priority source is the same measurement relayed another way. It is
/// dropped and counted in ``CombinedReadings/droppedByProvider``, never silently.
/// 2.5 minutes is half the 5-minute CGM cadence: two readings of one sensor closer
/// than that are one measurement, two readings further apart are consecutive ones.
/// Sources not named in the priority rank below every named one, in slug order.
/// Readings of one source are never compared with each other (their batch rules,
/// SPEC §2.1, already apply).
///
/// ```swift
/// let priority = SourcePriority([.dexcomV3, .nightscout])
/// let combined = priority.combine([nightscoutBatch, dexcomBatch])
/// ```
public struct SourcePriority: Sendable, Hashable {
    /// Two readings of different sources this close (inclusive) are one measurement.
    public static let sameMeasurementMilliseconds: Int64 = 150_000

    /// The providers, highest priority first.
    public let providers: [ProviderID]

    /// A priority, highest first. A provider named twice counts at its first place.
    public init(_ providers: [ProviderID]) {
        var seen = Set<ProviderID>()
        self.providers = providers.filter { seen.insert($0).inserted }
    }

    /// The readings of `batches`, combined by the rule above, sorted by time then id.
    public func combine(_ batches: [CGMBatch]) -> CombinedReadings {
        var tiers: [ProviderID: [GlucoseReading]] = [:]
        for batch in batches {
            for reading in batch.readings { tiers[reading.provider, default: []].append(reading) }
        }
        let unnamed = tiers.keys.filter { !providers.contains($0) }.sorted()
        var kept: [GlucoseReading] = []
        var keptTimes: [Int64] = []
        var dropped: [ProviderID: Int] = [:]
        for provider in providers + unnamed {
            guard let readings = tiers[provider] else { continue }
            var admitted: [GlucoseReading] = []
            for reading in readings {
                if Self.isNear(reading.time.instant.millisecondsSince1970, in: keptTimes) {
                    dropped[provider, default: 0] += 1
                } else {
                    admitted.append(reading)
                }
            }
            kept.append(contentsOf: admitted)
            keptTimes.append(contentsOf: admitted.map(\.time.instant.millisecondsSince1970))
            keptTimes.sort()
        }
        kept.sortByTimeThenID()
        return CombinedReadings(readings: kept, droppedByProvider: dropped)
    }

    /// Whether a time in the sorted `times` lies within the window of `time`.
    static func isNear(_ time: Int64, in times: [Int64]) -> Bool {
        var low = 0
        var high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] < time { low = middle + 1 } else { high = middle }
        }
        for index in [low - 1, low] where times.indices.contains(index) {
            let (gap, overflow) = time.subtractingReportingOverflow(times[index])
            if !overflow, gap.magnitude <= UInt64(sameMeasurementMilliseconds) { return true }
        }
        return false
    }
}
