import CGMKit
import CGMKitDexcom
import CGMKitTesting
import Testing

@Suite("Dexcom v3 goldens")
struct DexcomV3GoldenTests {
    static let fixtureNames = v3Fixtures.fileNames(withExtension: "json")

    @Test("every endpoint and quirk has a fixture")
    func fixturesExist() {
        #expect(Self.fixtureNames.count >= 20)
        for prefix in ["egvs-", "calibrations-", "events-", "alerts-", "devices-", "datarange-"] {
            #expect(Self.fixtureNames.contains { $0.hasPrefix(prefix) }, "no \(prefix) fixture")
        }
    }

    @Test("normalized output matches the golden file", arguments: fixtureNames, GlucoseUnit.allCases)
    func matchesGolden(fixture: String, unit: GlucoseUnit) throws {
        let batch = try normalizeFixture(fixture)
        let suffix = unit == .milligramsPerDeciliter ? "mgdl" : "mmol"
        let goldenName = fixture.replacingOccurrences(of: ".json", with: ".\(suffix).json")
        try GoldenFile(path: v3Goldens.file(goldenName)).verify(BatchEncoder(unit: unit).encode(batch))
    }

    @Test("every vendor record is normalized, merged with an identical repeat, or reported", arguments: fixtureNames)
    func accountsForEveryRecord(fixture: String) throws {
        let document = try JSONReader().read(v3Fixtures.bytes(fixture))
        guard let records = document.objectValue?["records"]?.arrayValue else { return }  // data ranges
        let batch = try normalizeFixture(fixture)
        let ids = Set(batch.readings.map(\.id) + batch.calibrations.map(\.id) + batch.events.map(\.id)
                      + batch.alerts.map(\.id))
        let reported = Set(batch.issues.compactMap(\.index))
        var devicesSeen = 0
        for (index, element) in records.enumerated() {
            if let nativeID = element.objectValue?["recordId"]?.stringValue,
               ids.contains(RecordID(provider: .dexcomV3, nativeID: nativeID)) {
                continue
            }
            if fixture.hasPrefix("devices-"), element.objectValue != nil, !reported.contains(index) {
                devicesSeen += 1
                continue
            }
            #expect(reported.contains(index), "record \(index) of \(fixture) vanished without an issue")
        }
        if fixture.hasPrefix("devices-") {
            #expect(batch.devices.count >= devicesSeen)
        }
    }

    @Test("timed records are sorted by time, then id, and unique", arguments: fixtureNames)
    func sortedAndUnique(fixture: String) throws {
        let batch = try normalizeFixture(fixture)
        func check<R: TimedRecord>(_ records: [R]) {
            #expect(Set(records.map(\.id)).count == records.count)
            for (earlier, later) in zip(records, records.dropFirst()) {
                #expect(earlier.time.instant < later.time.instant
                        || (earlier.time.instant == later.time.instant && earlier.id < later.id))
            }
        }
        check(batch.readings)
        check(batch.calibrations)
        check(batch.events)
        check(batch.alerts)
    }
}
