import CGMKit
import Testing

@testable import CGMKitDexcom

/// Each vendor vocabulary is one table: it must cover what the general path used to
/// accept, and the fast path reads the same table.
@Suite("Dexcom vocabularies")
struct VocabularyTests {
    @Test("every unified trend is a v3 trend spelled as its raw value", arguments: GlucoseTrend.allCases)
    func v3Trends(trend: GlucoseTrend) {
        #expect(DexcomV3Vocabulary.trend(trend.rawValue) == trend)
        #expect(DexcomV3Vocabulary.trend(trend.rawValue.uppercased()) == nil)
    }

    @Test("v3 units, rate units and statuses ignore case; other tokens are unknown")
    func v3Tokens() {
        #expect(DexcomV3Vocabulary.glucoseUnit("MG/DL") == .milligramsPerDeciliter)
        #expect(DexcomV3Vocabulary.glucoseUnit("mmol/l") == .millimolesPerLiter)
        #expect(DexcomV3Vocabulary.glucoseUnit("") == .milligramsPerDeciliter)
        #expect(DexcomV3Vocabulary.glucoseUnit("Unknown") == .milligramsPerDeciliter)
        #expect(DexcomV3Vocabulary.glucoseUnit("mg/dL/min") == nil)
        #expect(DexcomV3Vocabulary.rateUnit("MMOL/L/MIN") == .millimolesPerLiter)
        #expect(DexcomV3Vocabulary.rateUnit("mg/dl") == nil)
        #expect(DexcomV3Vocabulary.status("LOW") == .low)
        #expect(DexcomV3Vocabulary.status("High") == .high)
        #expect(DexcomV3Vocabulary.status("OK") == DexcomV3Vocabulary.Status.none)
        #expect(DexcomV3Vocabulary.status("urgentLow") == nil)
    }

    @Test("Share names and codes are one table: code n is the n-th name", arguments: 0...9)
    func shareCodes(code: Int) {
        let name = "\(ShareTrend.names[code].token)"
        #expect(ShareTrend.trend(code: Double(code)) == ShareTrend.names[code].trend)
        #expect(ShareTrend.trend(named: name) == ShareTrend.names[code].trend)
        #expect(ShareTrend.trend(named: name.uppercased()) == ShareTrend.names[code].trend)
        #expect(ShareTrend.trend(named: String(code)) == ShareTrend.names[code].trend)
    }
}
