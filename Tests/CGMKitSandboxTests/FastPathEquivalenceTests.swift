@_spi(AdapterSupport) import CGMKit
import CGMKitSandbox
import CGMKitTesting
import Testing

@_spi(Testing) @testable import CGMKitDexcom

/// The byte-level fast paths must give exactly what the general path gives, and must
/// actually be taken on clean payloads (else the equality proves nothing).
@Suite("Fast paths equal the general path")
struct FastPathEquivalenceTests {
    static let v3Fixtures = FixtureDirectory(relativeTo: #filePath, path: "../CGMKitDexcomTests/Fixtures/dexcom_v3")
    static let shareFixtures = FixtureDirectory(
        relativeTo: #filePath,
        path: "../CGMKitDexcomTests/Fixtures/dexcom_share/payloads")
    static let now = SandboxServer.defaultNow
    static let start = now.adding(milliseconds: -14 * 86_400_000)

    static func v3Outcomes(_ payload: [UInt8]) -> (NormalizationOutcome, NormalizationOutcome) {
        (
            NormalizationOutcome { try DexcomV3Normalizer().normalize(payload) },
            NormalizationOutcome { try DexcomV3Normalizer(usesFastPath: false).normalize(payload) }
        )
    }

    static func shareOutcomes(_ payload: [UInt8]) -> (NormalizationOutcome, NormalizationOutcome) {
        (
            NormalizationOutcome { try DexcomShareNormalizer().normalize(payload) },
            NormalizationOutcome { try DexcomShareNormalizer(usesFastPath: false).normalize(payload) }
        )
    }

    @Test(
        "every Dexcom v3 fixture gives the same batch or error on both paths",
        arguments: v3Fixtures.fileNames(withExtension: "json"))
    func v3Fixture(name: String) throws {
        let (fast, general) = Self.v3Outcomes(try Self.v3Fixtures.bytes(name))
        #expect(fast == general)
    }

    @Test(
        "every Share fixture gives the same batch or error on both paths",
        arguments: shareFixtures.fileNames(withExtension: "json"))
    func shareFixture(name: String) throws {
        let (fast, general) = Self.shareOutcomes(try Self.shareFixtures.bytes(name))
        #expect(fast == general)
    }

    @Test("14 days of every sandbox user take the fast path and equal the general path", arguments: SandboxUser.all)
    func sandboxUsers(user: SandboxUser) throws {
        let payloads = SandboxPayloads(trace: SandboxTrace(user: user, days: 14, end: Self.now))
        let egvs = payloads.egvs(from: Self.start, to: Self.now, now: Self.now)
        let fast = try #require(DexcomV3FastEGVDecoder.decode(egvs, limits: .default), "the fast path was not taken")
        #expect(fast == (try DexcomV3Normalizer(usesFastPath: false).normalize(egvs)))
        #expect(fast.readings.count > 3_000)
        let share = payloads.shareReadings(now: Self.now, minutes: 1_440, maxCount: 288)
        let fastShare = try #require(
            ShareFastDecoder.decode(share, limits: .default), "the Share fast path was not taken")
        #expect(fastShare == (try DexcomShareNormalizer(usesFastPath: false).normalize(share)))
    }

    /// Single-byte edits of a clean payload: each one either keeps it clean, or makes
    /// it quirky (the fast path must step aside) or invalid (both paths must fail
    /// the same way).
    static func mutations(of payload: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SplitMix64(seed: seed)
        let alphabet = Array(#"0123456789-+.eE"\{}[],: abcflnrstuz/\#u{7F}"#.utf8) + [0x00, 0x09, 0x0A, 0xC3, 0xFF]
        return (0..<count).map { _ in
            var copy = payload
            let position = Int(random.next() % UInt64(copy.count))
            switch random.next() % 3 {
            case 0: copy[position] = alphabet[Int(random.next() % UInt64(alphabet.count))]
            case 1: copy.remove(at: position)
            default: copy.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: position)
            }
            return copy
        }
    }

    @Test("3,000 mutated v3 pages give the same outcome on both paths")
    func v3Mutations() throws {
        let payloads = SandboxPayloads(trace: SandboxTrace(user: .g6, days: 1, end: Self.now))
        let clean = payloads.egvs(from: Self.now.adding(milliseconds: -3_600_000), to: Self.now, now: Self.now)
        #expect(DexcomV3FastEGVDecoder.decode(clean, limits: .default) != nil)
        var fastTaken = 0
        for mutated in Self.mutations(of: clean, count: 3_000, seed: 7) {
            let (fast, general) = Self.v3Outcomes(mutated)
            #expect(fast == general, "\(String(decoding: mutated, as: UTF8.self))")
            if DexcomV3FastEGVDecoder.decode(mutated, limits: .default) != nil { fastTaken += 1 }
        }
        // Many edits (inside a value) keep the page clean: the comparison covers both paths.
        #expect(fastTaken > 300)
    }

    @Test("3,000 mutated Share answers give the same outcome on both paths")
    func shareMutations() throws {
        let payloads = SandboxPayloads(trace: SandboxTrace(user: .g7, days: 1, end: Self.now))
        let clean = payloads.shareReadings(now: Self.now, minutes: 60, maxCount: 12)
        #expect(ShareFastDecoder.decode(clean, limits: .default) != nil)
        var fastTaken = 0
        for mutated in Self.mutations(of: clean, count: 3_000, seed: 11) {
            let (fast, general) = Self.shareOutcomes(mutated)
            #expect(fast == general, "\(String(decoding: mutated, as: UTF8.self))")
            if ShareFastDecoder.decode(mutated, limits: .default) != nil { fastTaken += 1 }
        }
        #expect(fastTaken > 300)
    }

    @Test("duplicates on the fast path: an identical repeat is dropped, a different one replaces with an issue")
    func duplicates() throws {
        let record = #"{"recordId":"r1","systemTime":"2026-01-01T00:00:00","value":120,"trend":"flat"}"#
        let changed = #"{"recordId":"r1","systemTime":"2026-01-01T00:00:00","value":121,"trend":"flat"}"#
        let page = Array(
            #"{"recordType":"egv","recordVersion":"3.0","records":[\#(record),\#(record),\#(changed)]}"#.utf8)
        let fast = try #require(DexcomV3FastEGVDecoder.decode(page, limits: .default))
        #expect(fast == (try DexcomV3Normalizer(usesFastPath: false).normalize(page)))
        #expect(fast.readings.count == 1)
        #expect(fast.issues.map(\.code) == [.conflictingDuplicate])
        #expect(fast.issues.first?.index == 2)
    }
}
