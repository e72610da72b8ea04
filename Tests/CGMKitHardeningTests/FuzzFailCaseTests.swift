import CGMKit
import CGMKitDexcom
import CGMKitNightscout
import CGMKitTesting
import Foundation
import Testing

/// Every input in `FuzzTesting/FailCases/` once broke a fuzz target. `.ci/run` replays
/// them under libFuzzer and ASan; this suite replays them through the same public
/// entry points in the normal test run, so a regression fails `swift test` too. The
/// finding's own behaviour is pinned by a unit test beside its parser (see
/// FuzzTesting/README.md).
@Suite("Fuzzing fail cases (E44)")
struct FuzzFailCaseTests {
    static let failCases = FixtureDirectory(relativeTo: #filePath, path: "../../FuzzTesting/FailCases")

    /// `Target/file` for every saved fail case.
    static var cases: [String] {
        let targets = (try? FileManager.default.contentsOfDirectory(atPath: failCases.path)) ?? []
        return targets.sorted().flatMap { target in
            ((try? FileManager.default.contentsOfDirectory(atPath: failCases.file(target))) ?? []).sorted()
                .map { "\(target)/\($0)" }
        }
    }

    @Test("there are fail cases, each in the folder of an existing target")
    func layout() {
        #expect(!Self.cases.isEmpty)
        let targets = Set(Self.cases.map { String($0.split(separator: "/")[0]) })
        let sources = Set((try? FileManager.default.contentsOfDirectory(atPath: Self.failCases.file("../Sources"))) ?? [])
        #expect(targets.isSubset(of: sources))
    }

    @Test("each fail case runs through its parser without trapping, with the parser's promises kept", arguments: cases)
    func replay(name: String) throws {
        let bytes = try Self.failCases.bytes(name)
        let text = String(decoding: bytes, as: UTF8.self)
        let now = CGMInstant(millisecondsSince1970: 1_750_000_000_000)
        switch name.split(separator: "/")[0] {
        case "FuzzRetryAfter":
            let fields = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let delays = fields.compactMap { RetryAfter.delayMilliseconds($0, now: now) }
            #expect(delays.allSatisfy { (0...1_000_000_000_000).contains($0) })
        case "FuzzShareDate":
            _ = ShareTimestamp(text)
        case "FuzzISOTime":
            _ = ISO8601Timestamp(text)
        case "FuzzJSONReader":
            _ = try? JSONReader().read(bytes)
        case "FuzzShareReadings", "FuzzShareError":
            #expect(NormalizationOutcome { try DexcomShareNormalizer().normalize(bytes) }
                    == NormalizationOutcome { try DexcomShareNormalizer(usesFastPath: false).normalize(bytes) })
        case "FuzzNightscout":
            _ = NormalizationOutcome { try NightscoutNormalizer().normalize(bytes) }
        default:
            #expect(NormalizationOutcome { try DexcomV3Normalizer().normalize(bytes) }
                    == NormalizationOutcome { try DexcomV3Normalizer(usesFastPath: false).normalize(bytes) })
        }
    }
}
