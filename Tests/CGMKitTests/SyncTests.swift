@_spi(AdapterSupport) import CGMKit
import CGMKitTesting
import Foundation
import Testing

/// Readings, calibrations and events for the sync, merge and combine tests.
enum SyncFixture {
    static let start: Int64 = 1_773_129_600_000

    static func reading(
        _ provider: ProviderID, _ native: String, seconds: Int64, value: Double = 120,
        trend: GlucoseTrend = .flat
    ) -> GlucoseReading {
        GlucoseReading(
            id: RecordID(provider: provider, nativeID: native), provider: provider,
            time: RecordTime(instant: CGMInstant(millisecondsSince1970: start + seconds * 1000)),
            glucose: GlucoseValue(milligramsPerDeciliter: value), status: .ok, trend: trend)
    }

    static func calibration(_ provider: ProviderID, _ native: String, seconds: Int64, value: Double) -> Calibration {
        Calibration(
            id: RecordID(provider: provider, nativeID: native), provider: provider,
            time: RecordTime(instant: CGMInstant(millisecondsSince1970: start + seconds * 1000)),
            glucose: GlucoseValue(milligramsPerDeciliter: value))
    }

    static func batch(
        _ provider: ProviderID, _ readings: [GlucoseReading], calibrations: [Calibration] = [],
        devices: [CGMDevice] = []
    ) -> CGMBatch {
        var assembler = BatchAssembler(provider: provider)
        for reading in readings { assembler.add(reading, index: nil) }
        for calibration in calibrations { assembler.add(calibration, index: nil) }
        for device in devices { assembler.add(device) }
        return assembler.makeBatch()
    }
}

@Suite("Sync cursor and plan (SPEC §12)")
struct SyncCursorTests {
    static let provider: ProviderID = "test_vendor"
    static let now = CGMInstant(millisecondsSince1970: SyncFixture.start + 86_400_000)

    @Test("a cursor round-trips through JSON, byte for byte, in its documented form")
    func jsonRoundTrip() throws {
        let batch = SyncFixture.batch(Self.provider, [SyncFixture.reading(Self.provider, "a", seconds: 86_000)])
        let plan = try CGMSyncPlan(
            cursor: nil, provider: Self.provider, now: Self.now, horizon: .hours(24),
            lookbackMilliseconds: 3_600_000)
        let cursor = plan.complete(batch).cursor
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = try encoder.encode(cursor)
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == #"{"delivered":[{"id":"test_vendor:a","t":1773215600000}],"position":1773216000000,"provider":"test_vendor","version":1}"#
        )
        let decoded = try JSONDecoder().decode(CGMSyncCursor.self, from: bytes)
        #expect(decoded == cursor)
        #expect(try encoder.encode(decoded) == bytes)
        #expect("\(cursor)" == "CGMSyncCursor(<redacted>)")
    }

    @Test(
        "a cursor that is not ours is refused when decoded",
        arguments: [
            #"{"version":2,"provider":"x","position":null,"delivered":[]}"#,
            #"{"version":1,"provider":"Not A Slug","position":null,"delivered":[]}"#,
            #"{"version":1,"provider":"x","position":1,"delivered":[{"id":"y:1","t":1}]}"#,
            #"{"version":1,"provider":"x","delivered":[{"id":"x:1"}]}"#,
        ])
    func refusesForeignCursors(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CGMSyncCursor.self, from: Data(json.utf8)) }
    }

    @Test("a later sync re-reads the look-back and delivers only what is new")
    func lookback() throws {
        let first = try CGMSyncPlan(
            cursor: nil, provider: Self.provider, now: Self.now, horizon: .hours(24),
            lookbackMilliseconds: 3_600_000)
        #expect(first.start == Self.now.adding(milliseconds: -86_400_000))
        let old = SyncFixture.reading(Self.provider, "old", seconds: 86_100)
        let r1 = first.complete(SyncFixture.batch(Self.provider, [old]))
        let later = Self.now.adding(milliseconds: 600_000)
        let second = try CGMSyncPlan(
            cursor: r1.cursor, provider: Self.provider, now: later, horizon: .hours(24),
            lookbackMilliseconds: 3_600_000)
        #expect(second.start == Self.now.adding(milliseconds: -3_600_000))
        let backfilled = SyncFixture.reading(Self.provider, "late", seconds: 85_000)
        let r2 = second.complete(SyncFixture.batch(Self.provider, [backfilled, old]))
        #expect(r2.batch.readings.map(\.id.rawValue) == ["test_vendor:late"])
        #expect(r2.cursor.position == later)
        #expect(r2.cursor.hasDelivered(old.id) && r2.cursor.hasDelivered(backfilled.id))
    }

    @Test("an incomplete result keeps the position and remembers what it delivered")
    func incomplete() throws {
        let plan = try CGMSyncPlan(
            cursor: nil, provider: Self.provider, now: Self.now, horizon: .hours(24),
            lookbackMilliseconds: 0)
        let r1 = plan.complete(CGMBatch(provider: Self.provider))
        let next = try CGMSyncPlan(
            cursor: r1.cursor, provider: Self.provider, now: Self.now.adding(milliseconds: 3_600_000),
            horizon: .hours(24), lookbackMilliseconds: 0)
        let partial = SyncFixture.reading(Self.provider, "p", seconds: 87_000)
        let r2 = next.incomplete(
            SyncFixture.batch(Self.provider, [partial]),
            failures: [CGMSyncFailure(error: CGMError(code: .serverUnavailable, message: "down"))])
        #expect(!r2.isComplete)
        #expect(r2.cursor.position == r1.cursor.position)
        let r3 = try CGMSyncPlan(
            cursor: r2.cursor, provider: Self.provider, now: Self.now.adding(milliseconds: 3_600_000),
            horizon: .hours(24), lookbackMilliseconds: 0
        )
        .complete(SyncFixture.batch(Self.provider, [partial]))
        #expect(r3.batch.readings.isEmpty)
    }

    @Test("a cursor older than the horizon: the gap beyond it is reported, the sync starts at the horizon")
    func horizon() throws {
        let old = try CGMSyncPlan(
            cursor: nil, provider: Self.provider, now: Self.now, horizon: .hours(24),
            lookbackMilliseconds: 0
        ).complete(CGMBatch(provider: Self.provider)).cursor
        let later = Self.now.adding(milliseconds: 2 * 86_400_000)
        let plan = try CGMSyncPlan(
            cursor: old, provider: Self.provider, now: later, horizon: .hours(24),
            lookbackMilliseconds: 0)
        #expect(plan.start == later.adding(milliseconds: -86_400_000))
        #expect(plan.unreachable == DataRange.Span(start: Self.now, end: plan.start))
        #expect(plan.complete(CGMBatch(provider: Self.provider)).unreachable == plan.unreachable)
    }

    @Test("a cursor of another provider is refused without a fetch")
    func otherProvider() {
        let cursor = CGMSyncCursor(provider: "other")
        #expect(throws: CGMError.self) {
            try CGMSyncPlan(
                cursor: cursor, provider: Self.provider, now: Self.now, horizon: .hours(24), lookbackMilliseconds: 0)
        }
    }
}

@Suite("Merging batches of one provider (SPEC §2.1, §12)")
struct BatchMergingTests {
    static let provider: ProviderID = "test_vendor"

    /// Batches that overlap, repeat records identically, conflict, and hold relayed copies and devices.
    static func batches(seed: UInt64) -> [CGMBatch] {
        let random = SeededRandomSource(seed: seed)
        let device = CGMDevice(provider: provider, info: DeviceInfo(generation: "g7", displayDevice: "iOS"))
        return (0..<8).map { index in
            var readings: [GlucoseReading] = []
            for _ in 0..<12 {
                let slot = Int64(random.next() % 40)
                let value = 100 + Double(random.next() % 3)  // the same id may come back with another value
                readings.append(SyncFixture.reading(provider, "r\(slot)", seconds: slot * 300, value: value))
                if random.next() % 5 == 0 {  // a relayed copy 10 s later
                    readings.append(
                        SyncFixture.reading(
                            provider, "copy\(slot)", seconds: slot * 300 + 10, value: value,
                            trend: .none))
                }
            }
            let calibrations = [
                SyncFixture.calibration(
                    provider, "c\(index % 3)", seconds: Int64(index % 3) * 900,
                    value: 90 + Double(index))
            ]
            return SyncFixture.batch(
                provider, readings, calibrations: calibrations, devices: index % 2 == 0 ? [device] : [])
        }
    }

    @Test(
        "the merge does not depend on the order of the batches (property over 200 seeded shuffles)",
        arguments: [1, 2, 3, 4, 5] as [UInt64])
    func orderIndependent(seed: UInt64) throws {
        let batches = Self.batches(seed: seed)
        let reference = try CGMBatch.merging(batches, provider: Self.provider, relayedCopies: .uploaderRelayed)
        let shuffler = SeededRandomSource(seed: seed &* 31)
        var generator = ShuffleGenerator(source: shuffler)
        for _ in 0..<40 {
            let shuffled = batches.shuffled(using: &generator)
            #expect(
                try CGMBatch.merging(shuffled, provider: Self.provider, relayedCopies: .uploaderRelayed) == reference)
        }
        #expect(ConformanceChecks.sortedAndUnique(reference).isEmpty)
        #expect(reference.devices.count == 1)
        // Conflicts are issues, never silent; relayed copies are gone.
        #expect(reference.issues.contains { $0.code == .conflictingDuplicate })
        for (earlier, later) in zip(reference.readings, reference.readings.dropFirst()) {
            let gap = later.time.instant.millisecondsSince1970 - earlier.time.instant.millisecondsSince1970
            #expect(!(gap < 30_000 && earlier.glucose == later.glucose && earlier.status == later.status))
        }
    }

    @Test(
        "merge keeps BatchAssembler's rules: an identical repeat is dropped, a conflict is one issue, the later batch wins"
    )
    func rules() throws {
        let a = SyncFixture.reading(Self.provider, "x", seconds: 0, value: 100)
        let changed = SyncFixture.reading(Self.provider, "x", seconds: 0, value: 104)
        let later = SyncFixture.reading(Self.provider, "y", seconds: 300)
        let early = SyncFixture.batch(Self.provider, [a])
        let fresh = SyncFixture.batch(Self.provider, [changed, later])
        for order in [[early, fresh], [fresh, early]] {
            let merged = try CGMBatch.merging(order, provider: Self.provider)
            #expect(merged.readings == [changed, later])
            #expect(merged.issues.map(\.code) == [.conflictingDuplicate])
        }
        let same = try CGMBatch.merging([early, early], provider: Self.provider)
        #expect(same.readings == [a] && same.issues.isEmpty)
    }

    @Test("batches of another provider are refused")
    func otherProvider() {
        #expect(throws: CGMError.self) {
            try CGMBatch.merging([CGMBatch(provider: "other")], provider: Self.provider)
        }
    }
}

/// A `RandomNumberGenerator` over CGMKitTesting's seeded source.
struct ShuffleGenerator: RandomNumberGenerator {
    let source: SeededRandomSource
    mutating func next() -> UInt64 { source.next() }
}

@Suite("Combining one person's sources by priority (SPEC §12)")
struct SourcePriorityTests {
    @Test(
        "a lower-priority reading 149 s from a higher-priority one is the same measurement: dropped and counted",
        arguments: [(149, 0), (150, 0), (151, 1), (-149, 0), (-151, 1)] as [(Int64, Int)])
    func window(offset: Int64, keptFromNightscout: Int) {
        let dexcom = SyncFixture.batch("dexcom_v3", [SyncFixture.reading("dexcom_v3", "d", seconds: 600)])
        let nightscout = SyncFixture.batch(
            "nightscout", [SyncFixture.reading("nightscout", "n", seconds: 600 + offset)])
        let combined = SourcePriority(["dexcom_v3", "nightscout"]).combine([nightscout, dexcom])
        #expect(combined.readings.filter { $0.provider == "dexcom_v3" }.count == 1)
        #expect(combined.readings.filter { $0.provider == "nightscout" }.count == keptFromNightscout)
        #expect(combined.droppedCount == 1 - keptFromNightscout)
        #expect(combined.droppedByProvider["nightscout", default: 0] == 1 - keptFromNightscout)
    }

    @Test("the priority decides, not the order of the batches; unnamed sources rank last")
    func priorityDecides() {
        let dexcom = SyncFixture.batch("dexcom_v3", [SyncFixture.reading("dexcom_v3", "d", seconds: 0)])
        let share = SyncFixture.batch(
            "dexcom",
            [
                SyncFixture.reading("dexcom", "s", seconds: 60),
                SyncFixture.reading("dexcom", "s2", seconds: 300),
            ])
        let other = SyncFixture.batch("libre", [SyncFixture.reading("libre", "l", seconds: 330)])
        let byShare = SourcePriority(["dexcom", "dexcom_v3"]).combine([dexcom, share, other])
        #expect(byShare.readings.map(\.id.rawValue) == ["dexcom:s", "dexcom:s2"])
        #expect(byShare.droppedByProvider == ["dexcom_v3": 1, "libre": 1])
        let byV3 = SourcePriority(["dexcom_v3", "dexcom"]).combine([share, other, dexcom])
        #expect(byV3.readings.map(\.id.rawValue) == ["dexcom_v3:d", "dexcom:s2"])
        #expect(byV3.droppedByProvider == ["dexcom": 1, "libre": 1])
    }

    @Test("readings of one source are never dropped against each other")
    func sameSource() {
        let share = SyncFixture.batch(
            "dexcom",
            [
                SyncFixture.reading("dexcom", "a", seconds: 0),
                SyncFixture.reading("dexcom", "b", seconds: 60, value: 130),
            ])
        let combined = SourcePriority(["dexcom"]).combine([share])
        #expect(combined.readings.count == 2 && combined.droppedCount == 0)
    }
}
