import CGMKit
import Testing

private let start = CGMInstant(millisecondsSince1970: 1_735_689_600_000)

/// A reading every 5 minutes from `start` (or at the given minute offsets) with the given mg/dL values.
private func series(_ values: [Double], minutes: [Int]? = nil, status: (Double) -> ReadingStatus = { _ in .ok })
    -> [GlucoseReading]
{
    values.enumerated().map { index, value in
        let instant = start.adding(milliseconds: Int64(minutes?[index] ?? index * 5) * 60_000)
        return GlucoseReading(
            id: RecordID(rawValue: "t:\(index)"), provider: "t", time: RecordTime(instant: instant),
            glucose: GlucoseValue(milligramsPerDeciliter: value), status: status(value), trend: .flat,
            trendRate: nil, device: nil)
    }
}

@Suite("Consensus summary metrics")
struct GlucoseSummaryTests {
    @Test(
        "Band edges: 53/54, 69/70, 180/181, 250/251 and the values between",
        arguments: [
            (53.0, GlucoseSummary.Band.veryLow), (53.9, .veryLow), (54, .low), (69, .low), (69.9, .low), (70, .inRange),
            (180, .inRange), (180.4, .high), (181, .high), (250, .high), (250.1, .veryHigh), (251, .veryHigh),
            (39, .veryLow), (401, .veryHigh),
        ])
    func bandEdges(value: Double, band: GlucoseSummary.Band) {
        #expect(GlucoseSummary.Band.classify(milligramsPerDeciliter: value) == band)
    }

    @Test("Time in ranges on a hand-counted series of the eight edge values")
    func timeInRanges() {
        let summary = GlucoseSummary(readings: series([53, 54, 69, 70, 180, 181, 250, 251]))
        #expect(summary.readingCount == 8)
        #expect(summary.bandCounts == [.veryLow: 1, .low: 2, .inRange: 2, .high: 2, .veryHigh: 1])
        #expect(summary.percentage(in: .inRange) == 25)
        #expect(summary.percentage(in: .veryLow) == 12.5)
    }

    @Test("Mean, SD, CV and GMI on a hand-computed series")
    func statistics() throws {
        // 100, 120, 140, 160: mean 130; squared deviations 900+100+100+900 = 2000; sample variance 2000/3.
        let summary = GlucoseSummary(readings: series([100, 120, 140, 160]))
        #expect(summary.meanMilligramsPerDeciliter == 130)
        let sd = try #require(summary.standardDeviationMilligramsPerDeciliter)
        #expect(abs(sd - (2000.0 / 3).squareRoot()) < 1e-12)
        #expect(abs(try #require(summary.coefficientOfVariation) - sd / 130 * 100) < 1e-12)
        #expect(abs(try #require(summary.glucoseManagementIndicator) - (3.31 + 0.02392 * 130)) < 1e-12)
        #expect(abs(try #require(summary.glucoseManagementIndicator) - 6.4196) < 1e-9)
    }

    @Test("LOW and HIGH readings count in the extreme bands and enter the mean at 40 and 400")
    func outOfRange() {
        let readings = series([40, 400, 100]) { value in value == 40 ? .belowRange : value == 400 ? .aboveRange : .ok }
        let summary = GlucoseSummary(readings: readings)
        #expect(summary.bandCounts[.veryLow] == 1)
        #expect(summary.bandCounts[.veryHigh] == 1)
        #expect(summary.meanMilligramsPerDeciliter == 180)
    }

    @Test("Readings without a value, outside the bounds, or repeated at the same instant are left out")
    func exclusions() {
        var readings = series([100, 200, 300])
        readings.append(
            GlucoseReading(
                id: RecordID(rawValue: "t:x"), provider: "t", time: RecordTime(instant: start),
                glucose: nil, status: .unavailable, trend: .none, trendRate: nil, device: nil))
        readings.append(readings[0])
        let summary = GlucoseSummary(
            readings: readings.reversed(), from: start, to: start.adding(milliseconds: 10 * 60_000))
        #expect(summary.readingCount == 2)
        #expect(summary.meanMilligramsPerDeciliter == 150)
        #expect(GlucoseSummary(readings: []).meanMilligramsPerDeciliter == nil)
        #expect(GlucoseSummary(readings: series([100])).standardDeviationMilligramsPerDeciliter == nil)
    }

    @Test("Coverage: days, expected readings, percent captured, gaps and sufficiency")
    func coverage() throws {
        // 24 h window, readings every 5 minutes except a 60-minute hole after minute 100.
        let minutes = Array(stride(from: 0, to: 1440, by: 5)).filter { !(105..<160).contains($0) }
        let summary = GlucoseSummary(
            readings: series(Array(repeating: 120, count: minutes.count), minutes: minutes),
            from: start, to: start.adding(milliseconds: 86_400_000))
        #expect(summary.daysCovered == 1)
        #expect(summary.expectedReadingCount == 288)
        #expect(summary.readingCount == 288 - 11)
        #expect(abs(summary.percentCaptured - 277.0 / 288 * 100) < 1e-9)
        #expect(summary.gaps.count == 1)
        #expect(summary.gaps.first?.seconds == Int64(3600))
        #expect(!summary.isSufficient)

        let fortnight = Array(stride(from: 0, to: 14 * 1440, by: 5))
        let long = GlucoseSummary(readings: series(Array(repeating: 110, count: fortnight.count), minutes: fortnight))
        #expect(long.daysCovered == 14)
        #expect(long.percentCaptured == 100)
        #expect(long.gaps.isEmpty)
        #expect(long.isSufficient)
    }

    @Test("A silence at the end of a bounded period is a gap")
    func trailingGap() {
        let summary = GlucoseSummary(
            readings: series([100, 100]), from: start, to: start.adding(milliseconds: 3_600_000))
        #expect(summary.gaps.count == 1)
        #expect(summary.gaps.first?.seconds == Int64(3300))
    }
}
