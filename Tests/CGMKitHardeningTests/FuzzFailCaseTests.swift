@_spi(AdapterSupport) import CGMKit
@_spi(Testing) import CGMKitDexcom
import CGMKitLibre
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
        let sources = Set(
            (try? FileManager.default.contentsOfDirectory(atPath: Self.failCases.file("../Sources"))) ?? [])
        #expect(targets.isSubset(of: sources))
    }

    /// The Dexcom v3 targets and the endpoint each fuzzes (`nil`: detected from the shape).
    static let v3Targets: [String: DexcomV3Endpoint?] = [
        "FuzzDexcomV3EGVs": .egvs, "FuzzDexcomV3Calibrations": .calibrations, "FuzzDexcomV3Events": .events,
        "FuzzDexcomV3Alerts": .alerts, "FuzzDexcomV3Devices": .devices, "FuzzDexcomV3DataRange": .dataRange,
        "FuzzDexcomV3Detect": Optional<DexcomV3Endpoint>.none,
    ]

    /// A normalizer's promises for any bytes: only `CGMError`s, and a batch sorted and unique.
    static func checkPromises(_ outcome: NormalizationOutcome, _ name: String) {
        #expect(outcome != .foreignError, "\(name): threw something other than CGMError")
        if let batch = outcome.batch { #expect(ConformanceChecks.sortedAndUnique(batch).isEmpty, "\(name)") }
    }

    @Test(
        "each fail case runs through its own target's parser without trapping, with the parser's promises kept",
        arguments: cases)
    func replay(name: String) throws {
        let bytes = try Self.failCases.bytes(name)
        let text = String(decoding: bytes, as: UTF8.self)
        let now = CGMInstant(millisecondsSince1970: 1_750_000_000_000)
        let target = String(name.split(separator: "/")[0])
        if let endpoint = Self.v3Targets[target] {
            let fast = NormalizationOutcome { try DexcomV3Normalizer().normalize(bytes, endpoint: endpoint) }
            let general = NormalizationOutcome {
                try DexcomV3Normalizer(usesFastPath: false).normalize(bytes, endpoint: endpoint)
            }
            #expect(fast == general, "\(name): the fast and general paths disagree")
            Self.checkPromises(fast, name)
            return
        }
        switch target {
        case "FuzzRetryAfter":
            let fields = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let delays = fields.compactMap { RetryAfter.delayMilliseconds($0, now: now) }
            #expect(delays.allSatisfy { (0...1_000_000_000_000).contains($0) })
            #expect(RetryAfter.delayMilliseconds(fields, now: now) == delays.max())
        case "FuzzShareDate":
            if let parsed = ShareTimestamp(text) {
                #expect(abs(parsed.offsetMinutes ?? 0) <= 14 * 60 + 59)
                #expect(bytes.withUnsafeBufferPointer { ShareTimestamp(utf8: $0) } == parsed)
            }
        case "FuzzISOTime":
            if let parsed = ISO8601Timestamp(text) {
                #expect(abs(parsed.offsetSeconds ?? 0) < 24 * 3600)
                #expect(bytes.withUnsafeBufferPointer { ISO8601Timestamp(utf8: $0) } == parsed)
            }
        case "FuzzJSONReader":
            if let value = try? JSONReader().read(bytes) {
                #expect(try JSONReader().read(JSONWriter(layout: .compact).bytes(from: value)) == value)
            }
        case "FuzzShareReadings", "FuzzShareError":
            let fast = NormalizationOutcome { try DexcomShareNormalizer().normalize(bytes) }
            #expect(fast == NormalizationOutcome { try DexcomShareNormalizer(usesFastPath: false).normalize(bytes) })
            Self.checkPromises(fast, name)
        case "FuzzNightscout":
            Self.checkPromises(NormalizationOutcome { try NightscoutNormalizer().normalize(bytes) }, name)
        case "FuzzLibreLinkUp":
            Self.checkPromises(NormalizationOutcome { try LibreLinkUpNormalizer().normalize(bytes) }, name)
        case "FuzzLibreLinkUpTime":
            if let parsed = LibreLinkUpTimestamp.parse(text) {
                #expect(LibreLinkUpTimestamp.parse(bytes: bytes) == parsed)
                #expect((1...9999).contains(parsed.year) && (0...23).contains(parsed.hour))
            }
        case "FuzzExportedFiles", "FuzzCSVReader":
            let zone = try #require(TimeZone(identifier: "Europe/Berlin"))
            let validator = try JSONSchemaValidator(documents: BundledSchemas.documents)
            for normalizer in [ClarityNormalizer(timeZone: zone), LibreViewNormalizer(timeZone: zone)]
                as [any PayloadNormalizer]
            {
                let outcome = NormalizationOutcome { try normalizer.normalize(bytes) }
                Self.checkPromises(outcome, name)
                if let batch = outcome.batch {
                    let document = try JSONReader().read(BatchEncoder().encode(batch))
                    #expect(validator.validate(document, against: "batch.schema.json").isEmpty, "\(name)")
                }
            }
        default:
            Issue.record("\(name): no replay for target \(target); add its parser to this switch")
        }
    }
}
