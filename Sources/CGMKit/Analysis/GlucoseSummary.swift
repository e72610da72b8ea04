/// The standard CGM metrics of a series of readings, as the International Consensus
/// on Time in Range defines them (Battelino et al., Diabetes Care 2019;42:1593–1603).
///
/// - **Time in ranges**, classified on mg/dL: very low `< 54`, low `54…69`, in range
///   `70…180`, high `181…250`, very high `> 250`. Values between those integers (from
///   mmol/L conversions) fall in the band whose integer limits enclose them:
///   `[54, 70)`, `[70, 180]`, `(180, 250]`. A reading below the sensor's range (LOW)
///   counts as very low, one above it (HIGH) as very high.
/// - **Mean**, **SD** (sample, n − 1), **CV** (SD ÷ mean × 100) and **GMI**
///   (3.31 + 0.02392 × mean mg/dL, Bergenstal et al. 2018). LOW and HIGH readings enter
///   them at the sensor's limit (40 and 400 mg/dL), as their value says.
/// - **Data sufficiency**: days covered and the share of expected readings captured
///   (one per ``expectedIntervalSeconds``); the consensus asks for 14 days at 70 %.
/// - **Gaps**: spans longer than ``gapThresholdSeconds`` without a reading.
///
/// Readings without a value (`unavailable`) are left out of every figure.
public struct GlucoseSummary: Sendable, Hashable, PHIRedacting {
    /// The consensus bands.
    public enum Band: String, Sendable, Hashable, CaseIterable {
        /// Below 54 mg/dL (level 2 hypoglycaemia).
        case veryLow
        /// 54 to 69 mg/dL (level 1 hypoglycaemia).
        case low
        /// 70 to 180 mg/dL: in range.
        case inRange
        /// 181 to 250 mg/dL (level 1 hyperglycaemia).
        case high
        /// Above 250 mg/dL (level 2 hyperglycaemia).
        case veryHigh

        /// The band of a value in mg/dL.
        public static func classify(milligramsPerDeciliter value: Double) -> Band {
            if value < 54 { return .veryLow }
            if value < 70 { return .low }
            if value <= 180 { return .inRange }
            if value <= 250 { return .high }
            return .veryHigh
        }

        /// The band of a reading, or `nil` when it has no value.
        public static func classify(_ reading: GlucoseReading) -> Band? {
            switch reading.status {
            case .belowRange: return .veryLow
            case .aboveRange: return .veryHigh
            case .unavailable: return nil
            case .ok: return reading.glucose.map { classify(milligramsPerDeciliter: $0.milligramsPerDeciliter) }
            }
        }
    }

    /// A span with no reading.
    public struct Gap: Sendable, Hashable, PHIRedacting {
        /// The last reading before the gap.
        public let after: CGMInstant
        /// The first reading after the gap.
        public let before: CGMInstant

        /// Creates a gap.
        public init(after: CGMInstant, before: CGMInstant) {
            self.after = after
            self.before = before
        }

        /// The gap's length in seconds.
        public var seconds: Int64 { (before.millisecondsSince1970 - after.millisecondsSince1970) / 1000 }
    }

    /// The interval a CGM reports at: 300 s.
    public static let expectedIntervalSeconds: Int64 = 300
    /// A silence longer than this is a gap: 15 minutes (three missed readings).
    public static let gapThresholdSeconds: Int64 = 900

    /// Readings with a value.
    public let readingCount: Int
    /// Readings per band (every band present, zero when none).
    public let bandCounts: [Band: Int]
    /// Mean glucose, mg/dL; `nil` without readings.
    public let meanMilligramsPerDeciliter: Double?
    /// Sample standard deviation, mg/dL; `nil` with fewer than two readings.
    public let standardDeviationMilligramsPerDeciliter: Double?
    /// The covered period's first instant.
    public let periodStart: CGMInstant?
    /// The covered period's end (exclusive).
    public let periodEnd: CGMInstant?
    /// Spans without readings, oldest first.
    public let gaps: [Gap]

    /// Summarizes `readings` over `[start, end)`; without bounds, over the span from the
    /// first reading to one interval after the last. Readings outside the bounds are
    /// ignored; order does not matter; the same instant twice counts once.
    public init(readings: [GlucoseReading], from start: CGMInstant? = nil, to end: CGMInstant? = nil) {
        var seen = Set<CGMInstant>()
        let usable = readings
            .filter { reading in
                Band.classify(reading) != nil
                    && start.map { reading.time.instant >= $0 } ?? true && end.map { reading.time.instant < $0 } ?? true
            }
            .sorted { $0.time.instant < $1.time.instant }
            .filter { seen.insert($0.time.instant).inserted }
        var counts = Dictionary(uniqueKeysWithValues: Band.allCases.map { ($0, 0) })
        var values: [Double] = []
        for reading in usable {
            if let band = Band.classify(reading) { counts[band, default: 0] += 1 }
            if let value = reading.analysisValue { values.append(value) }
        }
        readingCount = usable.count
        bandCounts = counts
        if values.isEmpty {
            meanMilligramsPerDeciliter = nil
            standardDeviationMilligramsPerDeciliter = nil
        } else {
            let mean = values.reduce(0, +) / Double(values.count)
            meanMilligramsPerDeciliter = mean
            standardDeviationMilligramsPerDeciliter = values.count < 2 ? nil
                : (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
        }
        let first = start ?? usable.first?.time.instant
        let last = end ?? usable.last?.time.instant.adding(milliseconds: Self.expectedIntervalSeconds * 1000)
        periodStart = first
        periodEnd = last
        var gaps: [Gap] = []
        let threshold = Self.gapThresholdSeconds * 1000
        var previous = first
        for reading in usable {
            if let previous, reading.time.instant.millisecondsSince1970 - previous.millisecondsSince1970 > threshold {
                gaps.append(Gap(after: previous, before: reading.time.instant))
            }
            previous = reading.time.instant
        }
        if let previous, let last,
           last.millisecondsSince1970 - previous.millisecondsSince1970 > threshold + Self.expectedIntervalSeconds * 1000 {
            gaps.append(Gap(after: previous, before: last))
        }
        self.gaps = gaps
    }

    /// The percentage of readings in `band` (0–100); 0 without readings.
    public func percentage(in band: Band) -> Double {
        guard readingCount > 0 else { return 0 }
        return Double(bandCounts[band] ?? 0) / Double(readingCount) * 100
    }

    /// Coefficient of variation, percent: SD ÷ mean × 100. The consensus target is ≤ 36 %.
    public var coefficientOfVariation: Double? {
        guard let mean = meanMilligramsPerDeciliter, mean > 0, let sd = standardDeviationMilligramsPerDeciliter else {
            return nil
        }
        return sd / mean * 100
    }

    /// Glucose management indicator, percent: 3.31 + 0.02392 × mean mg/dL.
    public var glucoseManagementIndicator: Double? {
        meanMilligramsPerDeciliter.map { 3.31 + 0.02392 * $0 }
    }

    /// Days the period spans (fractional).
    public var daysCovered: Double {
        guard let periodStart, let periodEnd, periodEnd > periodStart else { return 0 }
        return Double(periodEnd.millisecondsSince1970 - periodStart.millisecondsSince1970) / 86_400_000
    }

    /// Readings expected in the period: one per 5 minutes.
    public var expectedReadingCount: Int {
        guard let periodStart, let periodEnd, periodEnd > periodStart else { return 0 }
        let span = periodEnd.millisecondsSince1970 - periodStart.millisecondsSince1970
        return Int((span + Self.expectedIntervalSeconds * 1000 - 1) / (Self.expectedIntervalSeconds * 1000))
    }

    /// Percentage of expected readings captured (0–100).
    public var percentCaptured: Double {
        let expected = expectedReadingCount
        guard expected > 0 else { return 0 }
        return min(100, Double(readingCount) / Double(expected) * 100)
    }

    /// Whether the data meet the consensus minimum: 14 days with at least 70 % captured.
    public var isSufficient: Bool {
        daysCovered >= 14 && percentCaptured >= 70
    }
}

extension GlucoseReading {
    /// The mg/dL value analysis uses: the reading's value, or for a LOW or HIGH reading
    /// without one the sensor's limit (40 or 400); `nil` when the reading has no value.
    public var analysisValue: Double? {
        switch status {
        case .unavailable: nil
        case .belowRange: glucose?.milligramsPerDeciliter ?? 40
        case .aboveRange: glucose?.milligramsPerDeciliter ?? 400
        case .ok: glucose?.milligramsPerDeciliter
        }
    }
}
