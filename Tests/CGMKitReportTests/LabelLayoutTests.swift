import CGMKitReport
import Testing

@Suite("Label layout and report number formatting")
struct LabelLayoutTests {
    @Test("Labels far apart keep their places")
    func apart() {
        #expect(LabelLayout.spread([10, 50, 90], gap: 12, within: 0...100) == [10, 50, 90])
    }

    @Test(
        "Crowded labels are pushed at least a gap apart, in order, inside the bounds",
        arguments: [
            [100.0, 104, 108], [5, 0, 3], [98, 99, 100, 97], [50, 50, 50, 50],
        ])
    func crowded(wanted: [Double]) {
        let placed = LabelLayout.spread(wanted, gap: 11.5, within: 0...100)
        #expect(placed.count == wanted.count)
        let sortedPairs = zip(wanted, placed).sorted { $0.0 < $1.0 }.map(\.1)
        for (lower, upper) in zip(sortedPairs, sortedPairs.dropFirst()) {
            #expect(upper - lower >= 11.5 - 1e-9)
        }
        #expect(placed.allSatisfy { (0...100).contains($0) })
    }

    @Test("3.0 and 3.9 mmol/L labels, 16 mg/dL apart on a 350 mg/dL axis, do not overlap")
    func mmolLabels() {
        // 202 units tall axis: 54 and 70 mg/dL sit 9.2 units apart, less than a 10-unit font.
        let y54 = 212 - 54.0 / 350 * 202
        let y70 = 212 - 70.0 / 350 * 202
        let placed = LabelLayout.spread([y54, y70], gap: 11.5, within: 10...215)
        #expect(placed[0] - placed[1] >= 11.5 - 1e-9)
    }

    @Test(
        "Shares print to one decimal and add up to 100.0",
        arguments: [
            [0.33, 2.81, 71.35, 20.29, 5.22] as [Double], [100.0 / 3, 100.0 / 3, 100.0 / 3, 0, 0], [0.0, 0, 100, 0, 0],
        ])
    func tenths(shares: [Double]) {
        let rounded = ReportFormat.tenthsSummingTo100(shares)
        #expect(abs(rounded.reduce(0, +) - 100) < 1e-9)
        for (share, value) in zip(shares, rounded) { #expect(abs(share - value) < 0.1 + 1e-9) }
    }

    @Test(
        "Fixed decimals never trap and round half away from zero",
        arguments: [
            (2.25, 1, "2.3"), (-2.25, 1, "-2.3"), (0.04, 1, "0.0"), (.nan, 1, "–"), (.infinity, 0, "–"),
            (1e300, 1, "–"),
        ])
    func fixed(value: Double, decimals: Int, text: String) {
        #expect(ReportFormat.fixed(value, decimals) == text)
    }
}
