@_spi(AdapterSupport) import CGMKit
import Testing

private let provider: ProviderID = "test_provider"

private func reading(_ id: String, at seconds: Int64, value: Double = 100) -> GlucoseReading {
    GlucoseReading(
        id: RecordID(provider: provider, nativeID: id), provider: provider,
        time: RecordTime(instant: CGMInstant(millisecondsSince1970: seconds * 1000)),
        glucose: GlucoseValue(milligramsPerDeciliter: value), status: .ok, trend: .flat)
}

@Suite("Batch assembly")
struct BatchAssemblerTests {
    @Test("records come out sorted by time, ties by id in byte order")
    func sorts() {
        var assembler = BatchAssembler(provider: provider)
        assembler.add(reading("c", at: 300), index: 0)
        assembler.add(reading("b", at: 100), index: 1)
        assembler.add(reading("a", at: 300), index: 2)
        assembler.add(reading("B", at: 300), index: 3)
        assembler.add(reading("é", at: 300), index: 4)
        let ids = assembler.makeBatch().readings.map(\.id.rawValue)
        #expect(ids == ["test_provider:b", "test_provider:B", "test_provider:a", "test_provider:c", "test_provider:é"])
    }

    @Test(
        "a record whose time RFC 3339 cannot write (outside years 0001-9999) is one invalidTimestamp issue",
        arguments: [
            CGMInstant.rfc3339Range.upperBound.adding(milliseconds: 1),
            CGMInstant.rfc3339Range.lowerBound.adding(milliseconds: -1), CGMInstant(millisecondsSince1970: .max),
        ])
    func refusesUnwritableTime(_ instant: CGMInstant) {
        var assembler = BatchAssembler(provider: provider)
        assembler.add(reading("good", at: 100), index: 0)
        var bad = reading("bad", at: 0)
        bad.time = RecordTime(instant: instant)
        assembler.add(bad, index: 1)
        let batch = assembler.makeBatch()
        #expect(batch.readings.map(\.id.rawValue) == ["test_provider:good"])
        #expect(batch.issues.map(\.code) == [.invalidTimestamp])
        #expect(batch.issues.map(\.index) == [1])
    }

    @Test("the writable range is years 0001-9999, and rfc3339 never writes a year it cannot")
    func writableRange() {
        #expect(CGMInstant.rfc3339Range.lowerBound.rfc3339 == "0001-01-01T00:00:00Z")
        #expect(CGMInstant.rfc3339Range.upperBound.rfc3339 == "9999-12-31T23:59:59.999Z")
        #expect(CGMInstant.rfc3339Range.upperBound.isRFC3339Writable)
        #expect(!CGMInstant.rfc3339Range.upperBound.adding(milliseconds: 1).isRFC3339Writable)
        #expect(CGMInstant(millisecondsSince1970: .max).rfc3339 == "9999-12-31T23:59:59.999Z")
        #expect(CGMInstant(millisecondsSince1970: .min).rfc3339 == "0001-01-01T00:00:00Z")
        // A hand-built batch (no assembler) still encodes a time the schema accepts.
        var far = reading("far", at: 0)
        far.time = RecordTime(instant: CGMInstant(millisecondsSince1970: .max))
        let encoded = BatchEncoder().encodeToString(CGMBatch(provider: provider, readings: [far]))
        #expect(encoded.contains("\"9999-12-31T23:59:59.999Z\""))
    }

    @Test("an identical repeat is dropped without an issue")
    func dropsIdenticalRepeat() {
        var assembler = BatchAssembler(provider: provider)
        assembler.add(reading("a", at: 100), index: 0)
        assembler.add(reading("a", at: 100), index: 1)
        let batch = assembler.makeBatch()
        #expect(batch.readings.count == 1)
        #expect(batch.issues.isEmpty)
    }

    @Test("a differing repeat replaces the earlier record and reports a conflict at its index")
    func replacesConflictingRepeat() {
        var assembler = BatchAssembler(provider: provider)
        assembler.add(reading("a", at: 100, value: 110), index: 0)
        assembler.add(reading("b", at: 200), index: 1)
        assembler.add(reading("a", at: 150, value: 120), index: 2)
        let batch = assembler.makeBatch()
        #expect(batch.readings.map(\.id.rawValue) == ["test_provider:a", "test_provider:b"])
        #expect(batch.readings[0].glucose?.milligramsPerDeciliter == 120)
        #expect(batch.readings[0].time.instant.millisecondsSince1970 == 150_000)
        #expect(
            batch.issues == [
                NormalizationIssue(
                    index: 2, code: .conflictingDuplicate,
                    message: "record repeats an earlier id with different content; the later one was kept")
            ])
    }

    @Test("devices keep their order; merging batches applies the same uniqueness")
    func mergesAndKeepsDeviceOrder() {
        var first = BatchAssembler(provider: provider)
        first.add(reading("a", at: 100), index: 0)
        first.add(CGMDevice(provider: provider, info: DeviceInfo(generation: "g7", displayDevice: "iOS")))
        var second = BatchAssembler(provider: provider)
        second.add(reading("a", at: 100), index: 0)
        second.add(reading("b", at: 50), index: 1)
        second.add(CGMDevice(provider: provider, info: DeviceInfo(generation: "g6", displayDevice: "receiver")))
        var merged = BatchAssembler(provider: provider)
        merged.merge(first.makeBatch())
        merged.merge(second.makeBatch())
        let batch = merged.makeBatch()
        #expect(batch.readings.map(\.id.rawValue) == ["test_provider:b", "test_provider:a"])
        #expect(batch.devices.map(\.info.generation) == ["g7", "g6"])
        #expect(batch.issues.isEmpty)
    }
}
