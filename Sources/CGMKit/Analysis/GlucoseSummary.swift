/// The standard CGM metrics of a series of readings, as the International Consensus
/// on Time in Range defines them (Battelino et al., Diabetes Care 2019;42:1593–1603).
///
/// - **Time in ranges**, classified on mg/dL: very low `< 54`, low `54…69`, in range
///   `70…180`, high `181…250`, very high `> 250`. Values between those integers (from
///   mmol/L conversions) fall in the band whose integer limits enclose them:
///   `[54, 70)`, `[70, 180]`, `(180, 250]`. A reading below the sensor's range (LOW)
///   counts as very low, one above it (HIGH) as very high.
/// - **Time in tight range** `70…140` mg/dL (Dunn et al., Diabetes Technol Ther
///   2024;26(3):203–210, PMC10877396), same edge rule.
/// - **Mean**, **SD** (sample, n − 1), **CV** (SD ÷ mean × 100) and **GMI**
///   (3.31 + 0.02392 × mean mg/dL, Bergenstal et al. 2018). LOW and HIGH readings enter
///   them at the sensor's limit (40 and 400 mg/dL), as their value says.
/// - **GRI** (Klonoff et al. 2023) on the disjoint bands: ``glycemiaRiskIndex``.
/// - **Reporting period**: the host's `[start, end)`, or, without bounds, the fewest whole
///   days from the first reading that hold every reading (so 14 days of readings are a
///   14-day period, never 13.997).
/// - **Data sufficiency** (Battelino 2019, Table 1): ``daysOfWear``,
///   ``sensorActivePercentage``; the consensus asks for 14 days at 70 % active.
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

    /// A span with no reading, longer than ``GlucoseSummary/gapThresholdSeconds``.
    public struct Gap: Sendable, Hashable, PHIRedacting {
        /// Where the gap starts: the time of the last reading before it.
        public let start: CGMInstant
        /// Where the gap ends: the time of the first reading after it (or the end of the
        /// reporting period, for a gap at the end).
        public let end: CGMInstant

        /// Creates a gap from `start` to `end`.
        public init(start: CGMInstant, end: CGMInstant) {
            self.start = start
            self.end = end
        }

        /// The gap's length in whole seconds.
        public var seconds: Int64 { end.milliseconds(since: start) / 1000 }
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
    /// Readings in the tight range `70…140` mg/dL.
    public let tightRangeCount: Int
    /// Days of CGM wear: the days of the reporting period (24-hour days counted from its
    /// start; a last partial day counts) holding at least one reading. The consensus's
    /// "number of days CGM worn" (Battelino et al. 2019, Table 1); LOINC 104636-6 in the
    /// HL7 CGM IG ("days continuous glucose monitor device worn").
    public let daysOfWear: Int
    /// Milliseconds of the period the sensor was active (see ``sensorActivePercentage``).
    public let activeMilliseconds: Int64

    /// The tight range, mg/dL: 70 to 140 (Dunn et al. 2024).
    public static let tightRange: ClosedRange<Double> = 70...140

    /// Summarizes `readings` over the reporting period `[start, end)`. Without `start`, the
    /// period starts at the first reading; without `end`, it lasts the fewest whole days
    /// (at least one) from its start that hold every reading. Readings outside the period
    /// are ignored; order does not matter; the same instant twice counts once.
    public init(readings: [GlucoseReading], from start: CGMInstant? = nil, to end: CGMInstant? = nil) {
        var seen = Set<CGMInstant>()
        let usable =
            readings
            .filter { reading in
                Band.classify(reading) != nil
                    && start.map { reading.time.instant >= $0 } ?? true && end.map { reading.time.instant < $0 } ?? true
            }
            .sorted { $0.time.instant < $1.time.instant }
            .filter { seen.insert($0.time.instant).inserted }
        var counts = Dictionary(uniqueKeysWithValues: Band.allCases.map { ($0, 0) })
        var values: [Double] = []
        var tight = 0
        for reading in usable {
            if let band = Band.classify(reading) { counts[band, default: 0] += 1 }
            if let value = reading.analysisMilligramsPerDeciliter {
                values.append(value)
                if reading.status == .ok, Self.tightRange.contains(value) { tight += 1 }
            }
        }
        readingCount = usable.count
        bandCounts = counts
        tightRangeCount = tight
        if values.isEmpty {
            meanMilligramsPerDeciliter = nil
            standardDeviationMilligramsPerDeciliter = nil
        } else {
            let mean = values.reduce(0, +) / Double(values.count)
            meanMilligramsPerDeciliter = mean
            standardDeviationMilligramsPerDeciliter =
                values.count < 2
                ? nil
                : (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
        }
        let day: Int64 = 86_400_000
        let interval = Self.expectedIntervalSeconds * 1000
        let first = start ?? usable.first?.time.instant
        var last = end
        if last == nil, let first, let newest = usable.last?.time.instant {
            // The fewest whole days from `first` whose half-open span holds the newest reading.
            let span = Self.milliseconds(from: first.millisecondsSince1970, to: newest.millisecondsSince1970)
            last = first.adding(milliseconds: (min(span, Int64.max / 2) / day + 1) * day)
        }
        periodStart = first
        periodEnd = last
        var gaps: [Gap] = []
        let threshold = Self.gapThresholdSeconds * 1000
        var previous = first
        var wornDays = Set<Int64>()
        var active: Int64 = 0
        for (index, reading) in usable.enumerated() {
            let instant = reading.time.instant.millisecondsSince1970
            if let previous, reading.time.instant.milliseconds(since: previous) > threshold {
                gaps.append(Gap(start: previous, end: reading.time.instant))
            }
            previous = reading.time.instant
            if let first { wornDays.insert(Self.milliseconds(from: first.millisecondsSince1970, to: instant) / day) }
            // Each reading stands for the time until the next one when that is no gap,
            // otherwise for one interval; the newest for the spacing before it (one 15-minute
            // reading stands for 15 minutes); never past the period's end.
            let next = index + 1 < usable.count ? usable[index + 1].time.instant.millisecondsSince1970 : nil
            let spacing =
                next.map { Self.milliseconds(from: instant, to: $0) }
                ?? (index > 0
                    ? Self.milliseconds(from: usable[index - 1].time.instant.millisecondsSince1970, to: instant)
                    : interval)
            var covers = spacing <= threshold ? max(spacing, 0) : interval
            if let last {
                covers = min(covers, max(0, Self.milliseconds(from: instant, to: last.millisecondsSince1970)))
            }
            active = active.addingReportingOverflow(covers).overflow ? Int64.max : active + covers
        }
        if end != nil, let previous, let last,
            last.milliseconds(since: previous) > threshold + interval
        {
            gaps.append(Gap(start: previous, end: last))
        }
        self.gaps = gaps
        daysOfWear = wornDays.count
        activeMilliseconds = active
    }

    /// `to − from`, saturating instead of trapping on instants at the ends of `Int64`.
    private static func milliseconds(from: Int64, to: Int64) -> Int64 {
        CGMInstant(millisecondsSince1970: to).milliseconds(since: CGMInstant(millisecondsSince1970: from))
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

    /// Percentage of readings in the tight range `70…140` mg/dL (0–100); 0 without readings.
    /// Source: Dunn TC et al., "Is It Time to Move Beyond TIR to TITR?", Diabetes Technol
    /// Ther 2024;26(3):203–210 (PMC10877396). LOW and HIGH readings are outside it.
    public var percentageInTightRange: Double {
        guard readingCount > 0 else { return 0 }
        return Double(tightRangeCount) / Double(readingCount) * 100
    }

    /// The Glycemia Risk Index (Klonoff et al. 2023) from the disjoint bands' shares;
    /// `nil` without readings.
    public var glycemiaRiskIndex: GlycemiaRiskIndex? {
        guard readingCount > 0 else { return nil }
        return GlycemiaRiskIndex(
            veryLowPercent: percentage(in: .veryLow), lowPercent: percentage(in: .low),
            highPercent: percentage(in: .high), veryHighPercent: percentage(in: .veryHigh))
    }

    /// Days the reporting period spans (fractional for a host-given period that is not
    /// whole days; whole for an inferred one).
    public var daysCovered: Double {
        guard let periodStart, let periodEnd, periodEnd > periodStart else { return 0 }
        return Double(periodEnd.milliseconds(since: periodStart)) / 86_400_000
    }

    /// Readings expected in the period: one per 5 minutes.
    public var expectedReadingCount: Int {
        guard let periodStart, let periodEnd, periodEnd > periodStart else { return 0 }
        let span = periodEnd.milliseconds(since: periodStart)
        let interval = Self.expectedIntervalSeconds * 1000
        return Int(span / interval + (span % interval == 0 ? 0 : 1))
    }

    /// Percentage of expected readings captured, by count (0–100). For sufficiency use
    /// ``sensorActivePercentage``, which measures time and so also suits 15-minute sensors.
    public var percentCaptured: Double {
        let expected = expectedReadingCount
        guard expected > 0 else { return 0 }
        return min(100, Double(readingCount) / Double(expected) * 100)
    }

    /// Percentage of the reporting period the sensor was active (0–100): "% time CGM is
    /// active" of the consensus (Battelino et al. 2019, Table 1), LOINC 104637-4 in the HL7
    /// CGM IG. Measured by duration, not count: a reading stands for the time to the next
    /// one when that is at most ``gapThresholdSeconds`` (so 5- and 15-minute sensors both
    /// reach 100 %), otherwise for one ``expectedIntervalSeconds``; nothing past the end.
    public var sensorActivePercentage: Double {
        guard let periodStart, let periodEnd, periodEnd > periodStart else { return 0 }
        let span = Double(periodEnd.milliseconds(since: periodStart))
        return min(100, Double(activeMilliseconds) / span * 100)
    }

    /// Whether the data meet the consensus minimum (Battelino et al. 2019): a reporting
    /// period of at least 14 days with the sensor active at least 70 % of it.
    public var isSufficient: Bool {
        daysCovered >= 14 && sensorActivePercentage >= 70
    }
}

extension GlucoseReading {
    /// The mg/dL value analysis uses: the reading's value, or for a LOW or HIGH reading
    /// without one the sensor's limit (40 or 400); `nil` when the reading has no value.
    public var analysisMilligramsPerDeciliter: Double? {
        switch status {
        case .unavailable: nil
        case .belowRange: glucose?.milligramsPerDeciliter ?? 40
        case .aboveRange: glucose?.milligramsPerDeciliter ?? 400
        case .ok: glucose?.milligramsPerDeciliter
        }
    }
}
