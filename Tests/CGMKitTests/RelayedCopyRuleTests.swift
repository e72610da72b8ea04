@_spi(AdapterSupport) import CGMKit
import Testing

/// SPEC §2.1: readings relayed twice by uploaders are one measurement.
@Suite("Relayed copies (SPEC §2.1)")
struct RelayedCopyRuleTests {
    static let start: Int64 = 1_773_129_600_000

    static func reading(
        _ id: String, after milliseconds: Int64, value: Double? = 120, status: ReadingStatus = .ok,
        trend: GlucoseTrend = .flat, device: String? = nil
    ) -> GlucoseReading {
        GlucoseReading(
            id: RecordID(provider: "relay", nativeID: id), provider: "relay",
            time: RecordTime(instant: CGMInstant(millisecondsSince1970: start + milliseconds)),
            glucose: value.map { GlucoseValue(milligramsPerDeciliter: $0) }, status: status, trend: trend,
            device: device.map { DeviceInfo(displayDevice: $0) })
    }

    static func merged(_ readings: [GlucoseReading]) -> [String] {
        var assembler = BatchAssembler(provider: "relay", relayedCopies: .uploaderRelayed)
        for reading in readings { assembler.add(reading, index: nil) }
        return assembler.makeBatch().readings.map(\.id.rawValue)
    }

    @Test(
        "copies less than 30 s apart with the same value and status are one reading; 30 s or a difference keeps both",
        arguments: [
            (Int64(0), 120.0, ReadingStatus.ok, 1), (9_000, 120, .ok, 1), (29_999, 120, .ok, 1),
            (30_000, 120, .ok, 2), (-29_999, 120, .ok, 1), (9_000, 121, .ok, 2), (9_000, 40, .belowRange, 2),
        ] as [(Int64, Double, ReadingStatus, Int)])
    func window(gap: Int64, value: Double, status: ReadingStatus, kept: Int) {
        let first = Self.reading("a", after: 0)
        let second = Self.reading("b", after: gap, value: value, status: status)
        #expect(Self.merged([first, second]).count == kept)
    }

    @Test("the richer copy is kept; with equal richness the earlier; the result does not depend on input order")
    func whichCopy() {
        let plain = Self.reading("plain", after: 0, trend: .unknown)
        let rich = Self.reading("rich", after: 9_000, device: "watch")
        let later = Self.reading("later", after: 10_000)
        let earlier = Self.reading("earlier", after: 0)
        #expect(Self.merged([plain, rich]) == ["relay:rich"])
        #expect(Self.merged([rich, plain]) == ["relay:rich"])
        #expect(Self.merged([later, earlier]) == ["relay:earlier"])
        #expect(Self.merged([earlier, later]) == ["relay:earlier"])
    }

    @Test("a chain of copies never stretches one group beyond the window")
    func chain() {
        let readings = [0, 20_000, 40_000, 60_000].enumerated().map {
            Self.reading("r\($0.offset)", after: Int64($0.element))
        }
        // r0 and r1 are one group (20 s); r2 is 40 s after r0, so it starts a new one with r3.
        #expect(Self.merged(readings) == ["relay:r0", "relay:r2"])
    }

    @Test("two unavailable readings seconds apart are one; without the rule nothing is merged")
    func unavailableAndOff() {
        let one = Self.reading("u1", after: 0, value: nil, status: .unavailable)
        let two = Self.reading("u2", after: 5_000, value: nil, status: .unavailable)
        #expect(Self.merged([one, two]) == ["relay:u1"])
        var plain = BatchAssembler(provider: "relay")
        plain.add(one, index: 0)
        plain.add(two, index: 1)
        #expect(plain.makeBatch().readings.count == 2)
    }

    @Test("merging batches (pages, windows) applies the rule across them")
    func acrossBatches() {
        var first = BatchAssembler(provider: "relay", relayedCopies: .uploaderRelayed)
        first.add(Self.reading("page1", after: 0, trend: .unknown), index: 0)
        var second = BatchAssembler(provider: "relay", relayedCopies: .uploaderRelayed)
        second.add(Self.reading("page2", after: 9_000), index: 0)
        var all = BatchAssembler(provider: "relay", relayedCopies: .uploaderRelayed)
        all.merge(first.makeBatch())
        all.merge(second.makeBatch())
        let batch = all.makeBatch()
        #expect(batch.readings.map(\.id.rawValue) == ["relay:page2"])
        #expect(batch.issues.isEmpty)
    }
}
