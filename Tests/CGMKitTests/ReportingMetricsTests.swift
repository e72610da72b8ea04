import CGMKit
import Testing

private let origin = CGMInstant(millisecondsSince1970: 1_735_689_600_000)

/// Readings at the given minute offsets from `origin` (every 5 minutes when absent).
private func readings(_ values: [Double], minutes: [Int]? = nil) -> [GlucoseReading] {
    values.enumerated().map { index, value in
        let instant = origin.adding(milliseconds: Int64(minutes?[index] ?? index * 5) * 60_000)
        return GlucoseReading(
            id: RecordID(rawValue: "m:\(index)"), provider: "t", time: RecordTime(instant: instant),
            glucose: GlucoseValue(milligramsPerDeciliter: value), status: .ok, trend: .flat,
            trendRate: nil, device: nil)
    }
}

/// `count` copies of each value, in order.
private func repeated(_ pairs: [(Double, Int)]) -> [Double] {
    pairs.flatMap { Array(repeating: $0.0, count: $0.1) }
}

@Suite("GRI, time in tight range, days of wear, sensor active %")
struct ReportingMetricsTests {
    // Formula and weights: Klonoff DC et al., J Diabetes Sci Technol 2023;17(5):1226–1242
    // (doi:10.1177/19322968221085273); the same formula is printed in iglu's `gri`
    // documentation (CRAN refman, "(3.0 × VLow) + (2.4 × Low) + (1.6 × VHigh) + (0.8 × High)",
    // capped at 100). Inputs below are the band shares of the HL7 CGM IG-style summary
    // example in shared/reference/fhir_cgm.md §A.12 / §D.3: 0.52, 2.81, 20.10, 5.22 %.
    @Test("GRI of the reference band shares: 32.736, hypo 2.768, hyper 15.27, zone B")
    func referenceExample() {
        let gri = GlycemiaRiskIndex(veryLowPercent: 0.52, lowPercent: 2.81, highPercent: 20.10, veryHighPercent: 5.22)
        #expect(abs(gri.value - 32.736) < 1e-9)
        #expect(abs(gri.hypoglycemiaComponent - 2.768) < 1e-9)
        #expect(abs(gri.hyperglycemiaComponent - 15.27) < 1e-9)
        #expect(gri.zone == .b)
    }

    // The DTS GRI calculator (diabetestechnology.org/gri) takes the four percentages and plots
    // hypo (0–30) against hyper (0–60) with zones A 0–20 … E 81–100. Hand-computed points:
    // all in range → 0 (A); 4 % low only → 2.4·4 = 9.6 (A); 25 % high only → 0.8·25 = 20 (A, edge);
    // 1 % very low + 25 % high → 3 + 20 = 23 (B); 10 % very high + 30 % high → 16 + 24 = 40 (B, edge);
    // 5 % very low + 10 % low + 10 % very high → 15 + 24 + 16 = 55 (C); 20 % very low → 60 (C, edge);
    // 50 % very high → 80 (D, edge); 25 % very low + 20 % very high → 75 + 32 = 107 → capped 100 (E).
    @Test(
        "GRI at hand-computed points and at the zone edges",
        arguments: [
            (0.0, 0.0, 0.0, 0.0, 0.0, GlycemiaRiskIndex.Zone.a),
            (0, 4, 0, 0, 9.6, .a),
            (0, 0, 25, 0, 20, .a),
            (1, 0, 25, 0, 23, .b),
            (0, 0, 30, 10, 40, .b),
            (5, 10, 0, 10, 55, .c),
            (20, 0, 0, 0, 60, .c),
            (0, 0, 0, 50, 80, .d),
            (0, 0, 2, 50, 81.6, .e),
            (25, 0, 0, 20, 100, .e),
        ])
    func points(
        veryLow: Double, low: Double, high: Double, veryHigh: Double, expected: Double,
        zone: GlycemiaRiskIndex.Zone
    ) {
        let gri = GlycemiaRiskIndex(
            veryLowPercent: veryLow, lowPercent: low, highPercent: high, veryHighPercent: veryHigh)
        #expect(abs(gri.value - expected) < 1e-9)
        #expect(gri.zone == zone)
    }

    @Test(
        "Zone boundaries of non-integer GRI values",
        arguments: [
            (20.0, GlycemiaRiskIndex.Zone.a), (20.0001, .b), (40, .b), (40.5, .c), (60, .c), (60.1, .d), (80, .d),
            (80.01, .e), (100, .e),
        ])
    func zoneEdges(value: Double, zone: GlycemiaRiskIndex.Zone) {
        #expect(GlycemiaRiskIndex.Zone(index: value) == zone)
    }

    // 100 readings: 2 very low, 3 low, 60 in range, 25 high, 10 very high.
    // Disjoint bands: 3·2 + 2.4·3 + 1.6·10 + 0.8·25 = 49.2 (zone C).
    // Cumulative shares (% < 70 = 5, % > 180 = 35) fed into the same weights, as iglu's R code
    // appears to do (shared/reference/fhir_cgm.md §D.3), would give 5.4·2 + 2.4·3 + 2.4·10 + 0.8·25
    // = 62 (zone D): a whole zone worse. The summary must give 49.2.
    @Test("The summary's GRI uses the disjoint bands, not cumulative shares")
    func disjointBands() throws {
        let values = repeated([(50, 2), (60, 3), (120, 60), (200, 25), (300, 10)])
        let gri = try #require(GlucoseSummary(readings: readings(values)).glycemiaRiskIndex)
        #expect(abs(gri.value - 49.2) < 1e-9)
        #expect(abs(gri.hypoglycemiaComponent - 4.4) < 1e-9)
        #expect(abs(gri.hyperglycemiaComponent - 22.5) < 1e-9)
        #expect(gri.zone == .c)
        #expect(GlucoseSummary(readings: []).glycemiaRiskIndex == nil)
    }

    @Test("LOW and HIGH readings weigh as very low and very high in GRI; a GRI above 100 is capped")
    func extremes() throws {
        var lows = readings([40, 40, 40])
        for index in lows.indices { lows[index].status = .belowRange }
        let gri = try #require(GlucoseSummary(readings: lows).glycemiaRiskIndex)
        #expect(gri.value == 100)
        #expect(gri.hypoglycemiaComponent == 100)
        #expect(gri.zone == .e)
    }

    // Tight range 70–140 mg/dL (Dunn et al., Diabetes Technol Ther 2024, PMC10877396), edges
    // decided like the consensus bands: 69.9 and 140.4 are outside, 70 and 140 inside.
    @Test("Time in tight range: 70 and 140 inside, 69.9 and 140.4 outside, LOW/HIGH outside")
    func tightRange() {
        var values = readings([69.9, 70, 100, 140, 140.4, 141, 180, 250])
        let summary = GlucoseSummary(readings: values)
        #expect(summary.tightRangeCount == 3)
        #expect(summary.percentageInTightRange == 37.5)
        values[2].status = .aboveRange
        #expect(GlucoseSummary(readings: values).tightRangeCount == 2)
        #expect(GlucoseSummary(readings: []).percentageInTightRange == 0)
    }

    @Test("14 full days of readings are a 14-day period, sufficient, even when the first reading is late")
    func fourteenDays() {
        // Every 5 minutes from minute 4 (a sync that starts between two readings) to the end of day 14.
        let minutes = Array(stride(from: 4, to: 14 * 1440, by: 5))
        let summary = GlucoseSummary(readings: readings(Array(repeating: 120, count: minutes.count), minutes: minutes))
        #expect(summary.daysCovered == 14)
        #expect(summary.daysOfWear == 14)
        #expect(summary.sensorActivePercentage > 99.9)
        #expect(summary.isSufficient)
        // The host's 14-day period gives the same answer.
        let bounded = GlucoseSummary(
            readings: readings(Array(repeating: 120, count: minutes.count), minutes: minutes),
            from: origin, to: origin.adding(milliseconds: 14 * 86_400_000))
        #expect(bounded.daysCovered == 14)
        #expect(bounded.daysOfWear == 14)
        #expect(bounded.isSufficient)
    }

    @Test("A host-given period counts the period: 10 of 14 days worn is 71.4 % active; 9 days is not enough")
    func hostPeriod() {
        let fortnight = (origin, origin.adding(milliseconds: 14 * 86_400_000))
        let tenDays = Array(stride(from: 0, to: 10 * 1440, by: 5))
        let ten = GlucoseSummary(
            readings: readings(Array(repeating: 110, count: tenDays.count), minutes: tenDays),
            from: fortnight.0, to: fortnight.1)
        #expect(ten.daysCovered == 14)
        #expect(ten.daysOfWear == 10)
        #expect(abs(ten.sensorActivePercentage - 1000.0 / 14) < 1e-9)
        #expect(ten.isSufficient)
        let nineDays = Array(stride(from: 0, to: 9 * 1440, by: 5))
        let nine = GlucoseSummary(
            readings: readings(Array(repeating: 110, count: nineDays.count), minutes: nineDays),
            from: fortnight.0, to: fortnight.1)
        #expect(nine.daysOfWear == 9)
        #expect(!nine.isSufficient)
    }

    @Test("Sensor active time is measured by duration: 15-minute data are 100 % active, a 1-hour hole is not")
    func activeByDuration() {
        let quarterHours = Array(stride(from: 0, to: 1440, by: 15))
        let libre = GlucoseSummary(
            readings: readings(Array(repeating: 100, count: quarterHours.count), minutes: quarterHours),
            from: origin, to: origin.adding(milliseconds: 86_400_000))
        #expect(libre.sensorActivePercentage == 100)
        #expect(libre.daysOfWear == 1)
        // 5-minute data with readings missing from minute 105 to 155: the hole (60 min between
        // readings) counts as one 5-minute interval, so 55 minutes of 1440 are inactive.
        let minutes = Array(stride(from: 0, to: 1440, by: 5)).filter { !(105..<160).contains($0) }
        let holed = GlucoseSummary(
            readings: readings(Array(repeating: 100, count: minutes.count), minutes: minutes),
            from: origin, to: origin.adding(milliseconds: 86_400_000))
        #expect(abs(holed.sensorActivePercentage - (1440.0 - 55) / 1440 * 100) < 1e-9)
    }

    @Test("An inferred period is whole days from the first reading; one reading is one day")
    func inferredPeriod() {
        let one = GlucoseSummary(readings: readings([100]))
        #expect(one.daysCovered == 1)
        #expect(one.daysOfWear == 1)
        #expect(one.periodEnd == origin.adding(milliseconds: 86_400_000))
        #expect(abs(one.sensorActivePercentage - 5.0 / 1440 * 100) < 1e-9)
        #expect(one.gaps.isEmpty)
        let dayAndHalf = GlucoseSummary(readings: readings([100, 100], minutes: [0, 36 * 60]))
        #expect(dayAndHalf.daysCovered == 2)
        #expect(dayAndHalf.daysOfWear == 2)
        #expect(GlucoseSummary(readings: []).daysOfWear == 0)
        #expect(GlucoseSummary(readings: []).sensorActivePercentage == 0)
    }
}

/// Host-given bounds and reading times are untrusted: the summary never traps on them.
@Suite("Summary bounds at the edges of time")
struct SummaryExtremeBoundsTests {
    static let edges: [Int64] = [.min, .min + 1, -1, 0, 1, .max - 1, .max]

    @Test("any bounds and any reading times give a summary, never an overflow trap", arguments: edges, edges)
    func extremeBounds(start: Int64, end: Int64) {
        var values = readings([100, 200, 50])
        values.append(
            GlucoseReading(
                id: RecordID(rawValue: "m:far"), provider: "t",
                time: RecordTime(instant: CGMInstant(millisecondsSince1970: end)),
                glucose: GlucoseValue(milligramsPerDeciliter: 120), status: .ok, trend: .flat, trendRate: nil,
                device: nil))
        let bounded = GlucoseSummary(
            readings: values, from: CGMInstant(millisecondsSince1970: start), to: CGMInstant(millisecondsSince1970: end)
        )
        let open = GlucoseSummary(readings: values, from: CGMInstant(millisecondsSince1970: start), to: nil)
        for summary in [bounded, open] {
            #expect(summary.sensorActivePercentage >= 0 && summary.sensorActivePercentage <= 100)
            #expect(summary.expectedReadingCount >= 0)
            #expect(summary.daysCovered >= 0)
            #expect(summary.gaps.allSatisfy { $0.seconds >= 0 })
        }
    }
}
