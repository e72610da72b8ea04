@_spi(AdapterSupport) import CGMKit
import Testing

private let provider: ProviderID = "test_provider"

private func time(_ text: String, display: String? = nil) -> RecordTime {
    let instant = ISO8601Timestamp(text)?.instantAssumingUTC ?? CGMInstant(millisecondsSince1970: 0)
    guard let display, let parsed = ISO8601Timestamp(display) else { return RecordTime(instant: instant) }
    return RecordTime(
        instant: instant, displayTime: parsed.dateTime,
        utcOffsetMinutes: UTCOffsetInference.offsetMinutes(display: parsed, instant: instant))
}

@Suite("Unified JSON encoder")
struct BatchEncoderTests {
    @Test("an empty batch has all seven keys in order")
    func emptyBatch() {
        let text = BatchEncoder(layout: .compact).encodeToString(CGMBatch(provider: provider))
        #expect(
            text
                == #"{"schema":"cgmkit.batch.v1","provider":"test_provider","readings":[],"calibrations":[],"events":[],"alerts":[],"devices":[],"dataRange":null,"issues":[]}"#
                + "\n")
    }

    @Test("a reading writes its keys in schema order and omits absent optionals")
    func readingKeys() {
        let full = GlucoseReading(
            id: RecordID(provider: provider, nativeID: "r1"), provider: provider,
            time: time("2024-01-15T06:00:00.250Z", display: "2024-01-15T01:00:00.250-05:00"),
            glucose: GlucoseValue(milligramsPerDeciliter: 104), status: .ok, trend: .fortyFiveUp,
            trendRate: GlucoseRate(milligramsPerDeciliterPerMinute: 1.2),
            device: DeviceInfo(generation: "g7", displayDevice: "iOS", transmitterID: ""))
        let encoder = BatchEncoder(layout: .compact)
        #expect(
            JSONWriter(layout: .compact).string(from: encoder.jsonValue(of: full))
                == #"{"id":"test_provider:r1","provider":"test_provider","time":"2024-01-15T06:00:00.250Z","displayTime":"2024-01-15T01:00:00.250","utcOffset":-300,"value":104,"unit":"mg/dL","status":"ok","trend":"fortyFiveUp","trendRate":1.2,"device":{"generation":"g7","displayDevice":"iOS"}}"#
        )

        let bare = GlucoseReading(
            id: RecordID(provider: provider, nativeID: "r2"), provider: provider,
            time: time("2024-01-15T06:05:00Z"), glucose: nil, status: .unavailable,
            trend: .unknown)
        #expect(
            JSONWriter(layout: .compact).string(from: encoder.jsonValue(of: bare))
                == #"{"id":"test_provider:r2","provider":"test_provider","time":"2024-01-15T06:05:00Z","value":null,"unit":"mg/dL","status":"unavailable","trend":"unknown","trendRate":null}"#
        )
    }

    @Test("mmol/L output converts readings, rates, calibrations and blood glucose events, not carbs")
    func convertsAtTheEdge() throws {
        var batch = CGMBatch(provider: provider)
        batch.readings = [
            GlucoseReading(
                id: RecordID(provider: provider, nativeID: "r"), provider: provider, time: time("2024-01-15T06:00:00Z"),
                glucose: GlucoseValue(milligramsPerDeciliter: 40), status: .belowRange, trend: .singleDown,
                trendRate: GlucoseRate(milligramsPerDeciliterPerMinute: -2.5))
        ]
        batch.calibrations = [
            Calibration(
                id: RecordID(provider: provider, nativeID: "c"), provider: provider,
                time: time("2024-01-15T06:00:00Z"),
                glucose: GlucoseValue(milligramsPerDeciliter: 124))
        ]
        batch.events = [
            CGMEvent(
                id: RecordID(provider: provider, nativeID: "bg"), provider: provider,
                time: time("2024-01-15T06:00:00Z"), kind: .bloodGlucose,
                glucose: GlucoseValue(milligramsPerDeciliter: 180)),
            CGMEvent(
                id: RecordID(provider: provider, nativeID: "carbs"), provider: provider,
                time: time("2024-01-15T06:01:00Z"), kind: .carbs, value: 45, unit: .grams),
        ]
        let value = BatchEncoder(unit: .millimolesPerLiter).jsonValue(of: batch)
        let object = try #require(value.objectValue)
        let reading = try #require(object["readings"]?.arrayValue?.first?.objectValue)
        #expect(reading["value"]?.numberValue?.text == "2.2")
        #expect(reading["unit"]?.stringValue == "mmol/L")
        #expect(reading["trendRate"]?.numberValue?.text == "-0.14")
        let calibration = try #require(object["calibrations"]?.arrayValue?.first?.objectValue)
        #expect(calibration["value"]?.numberValue?.text == "6.9")
        #expect(calibration["unit"]?.stringValue == "mmol/L")
        let events = try #require(object["events"]?.arrayValue)
        #expect(events[0].objectValue?["value"]?.numberValue?.text == "10")
        #expect(events[0].objectValue?["unit"]?.stringValue == "mmol/L")
        #expect(events[1].objectValue?["value"]?.numberValue?.text == "45")
        #expect(events[1].objectValue?["unit"]?.stringValue == "g")
    }

    @Test("the same batch always encodes to the same bytes, ending in a newline")
    func deterministic() {
        let batch = CGMBatch(
            provider: provider,
            dataRange: DataRange(
                readings: DataRange.Span(
                    start: CGMInstant(millisecondsSince1970: 0),
                    end: CGMInstant(millisecondsSince1970: 86_400_000))))
        let first = BatchEncoder().encode(batch)
        #expect(first == BatchEncoder().encode(batch))
        #expect(first.last == 0x0A)
        #expect(String(decoding: first, as: UTF8.self).contains(#""egvs": {"#))
    }
}
