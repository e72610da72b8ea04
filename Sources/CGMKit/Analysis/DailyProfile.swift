/// An ambulatory glucose profile (AGP): readings of many days folded onto one day
/// by local time of day, with the 5th, 25th, 50th, 75th and 95th percentiles per bin.
///
/// Time of day is the device's wall clock (`displayTime`), or the instant shifted by
/// the record's UTC offset, or UTC. LOW and HIGH readings enter at 40 and 400 mg/dL.
/// Percentiles interpolate linearly between order statistics (Hyndman–Fan type 7).
public struct DailyProfile: Sendable, Hashable, PHIRedacting {
    /// One time-of-day bin.
    public struct Bin: Sendable, Hashable, PHIRedacting {
        /// The bin's first minute after local midnight.
        public let startMinute: Int
        /// Readings in the bin.
        public let count: Int
        /// Percentiles 5, 25, 50, 75 and 95, mg/dL.
        public let p5, p25, p50, p75, p95: Double
    }

    /// The bin width in minutes.
    public let binMinutes: Int
    /// Bins that hold at least one reading, by time of day.
    public let bins: [Bin]

    /// Folds `readings` into bins of `binMinutes` (divides 1440; default 30).
    public init(readings: [GlucoseReading], binMinutes: Int = 30) {
        let width = (1...1440).contains(binMinutes) && 1440 % binMinutes == 0 ? binMinutes : 30
        self.binMinutes = width
        var buckets = [[Double]](repeating: [], count: 1440 / width)
        for reading in readings {
            guard let value = reading.analysisMilligramsPerDeciliter else { continue }
            buckets[Self.minuteOfDay(reading) / width].append(value)
        }
        bins = buckets.enumerated().compactMap { index, values in
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            return Bin(
                startMinute: index * width, count: sorted.count, p5: Self.percentile(sorted, 5),
                p25: Self.percentile(sorted, 25), p50: Self.percentile(sorted, 50),
                p75: Self.percentile(sorted, 75), p95: Self.percentile(sorted, 95))
        }
    }

    /// The `p`th percentile (0–100) of sorted values, type 7.
    public static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard let first = sorted.first else { return .nan }
        guard sorted.count > 1 else { return first }
        let position = Double(sorted.count - 1) * min(100, max(0, p)) / 100
        let lower = Int(position.rounded(.down))
        let upper = min(sorted.count - 1, lower + 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }

    /// Minutes after local midnight (0…1439).
    static func minuteOfDay(_ reading: GlucoseReading) -> Int {
        if let wall = reading.time.displayTime { return wall.hour * 60 + wall.minute }
        let offset = Int64(reading.time.utcOffsetMinutes ?? 0) * 60_000
        let local = reading.time.instant.millisecondsSince1970 + offset
        let withinDay = ((local % 86_400_000) + 86_400_000) % 86_400_000
        return Int(withinDay / 60_000)
    }
}
