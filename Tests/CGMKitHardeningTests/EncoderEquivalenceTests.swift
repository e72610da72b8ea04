import CGMKit
import CGMKitDexcom
import CGMKitNightscout
import CGMKitSandbox
import CGMKitTesting
import Testing

/// The byte-level encoder (`BatchEncoder.encode`, and its streaming form) must write
/// exactly the bytes of the tree path (`jsonValue(of:)` written by `JSONWriter`), which
/// is the reference the goldens were made with: on every fixture, on sandbox output,
/// and on records built to reach every escape and number spelling, in both units and
/// both layouts.
@Suite("Byte-level encoder equals the tree path")
struct EncoderEquivalenceTests {
    static let encoders: [BatchEncoder] =
        GlucoseUnit.allCases.flatMap { unit in
            [JSONWriter.Layout.pretty, .compact].map { BatchEncoder(unit: unit, layout: $0) }
        } + [BatchEncoder(unit: .millimolesPerLiter, conversion: .divideBy18, layout: .compact)]

    /// The tree path: what `BatchEncoder.encode` wrote before it went byte-level.
    static func treeBytes(_ encoder: BatchEncoder, _ batch: CGMBatch) -> [UInt8] {
        JSONWriter(layout: encoder.layout).bytes(from: encoder.jsonValue(of: batch)) + [0x0A]
    }

    static func streamed(_ encoder: BatchEncoder, _ batch: CGMBatch, chunkSize: Int) -> (bytes: [UInt8], chunks: Int) {
        var bytes: [UInt8] = []
        var chunks = 0
        encoder.encode(batch, chunkSize: chunkSize) { chunk in
            bytes.append(contentsOf: chunk)
            chunks += 1
        }
        return (bytes, chunks)
    }

    /// Checks one batch with every encoder: whole, and streamed in small chunks.
    static func check(_ batch: CGMBatch, _ label: String) {
        for encoder in encoders {
            let reference = treeBytes(encoder, batch)
            let direct = encoder.encode(batch)
            #expect(direct == reference, "\(label) \(encoder.unit) \(encoder.layout): bytes differ")
            #expect(encoder.encodeToString(batch) == String(decoding: reference, as: UTF8.self))
            let streamed = streamed(encoder, batch, chunkSize: 4_096)
            #expect(streamed.bytes == reference, "\(label) \(encoder.unit) \(encoder.layout): streamed bytes differ")
            if reference.count > 3 * 4_096 + 2_048 { #expect(streamed.chunks >= 3) }
        }
    }

    static let fixtureSets: [(FixtureDirectory, any PayloadNormalizer)] = [
        (
            FixtureDirectory(relativeTo: #filePath, path: "../CGMKitDexcomTests/Fixtures/dexcom_v3"),
            DexcomV3Normalizer()
        ),
        (
            FixtureDirectory(relativeTo: #filePath, path: "../CGMKitDexcomTests/Fixtures/dexcom_share/payloads"),
            DexcomShareNormalizer()
        ),
        (
            FixtureDirectory(relativeTo: #filePath, path: "../CGMKitNightscoutTests/Fixtures/payloads"),
            NightscoutNormalizer()
        ),
    ]

    @Test("every Dexcom v3, Share and Nightscout fixture encodes to the same bytes")
    func fixtures() throws {
        var checked = 0
        for (directory, normalizer) in Self.fixtureSets {
            for name in directory.fileNames(withExtension: "json") {
                guard let batch = try? normalizer.normalize(try directory.bytes(name)) else { continue }
                Self.check(batch, name)
                checked += 1
            }
        }
        #expect(checked >= 35)
    }

    @Test("every endpoint of every sandbox user encodes to the same bytes", arguments: SandboxUser.all)
    func sandbox(user: SandboxUser) throws {
        let now = SandboxServer.defaultNow
        let start = now.adding(milliseconds: -14 * 86_400_000)
        let payloads = SandboxPayloads(trace: SandboxTrace(user: user, days: 14, end: now))
        let v3 = DexcomV3Normalizer()
        for payload in [
            payloads.egvs(from: start, to: now, now: now), payloads.calibrations(from: start, to: now, now: now),
            payloads.events(from: start, to: now, now: now), payloads.alerts(from: start, to: now, now: now),
            payloads.devices(now: now), payloads.dataRange(now: now),
        ] {
            Self.check(try v3.normalize(payload), user.name)
        }
        let share = try DexcomShareNormalizer().normalize(
            payloads.shareReadings(now: now, minutes: 1_440, maxCount: 288))
        #expect(share.readings.count > 200)
        Self.check(share, user.name + " share")
    }

    /// Text that reaches every escape: quotes, backslash, every control, DEL, U+2028,
    /// U+2029, other 0xE2-led characters (€, ‘), two-byte and four-byte UTF-8.
    static let awkwardText =
        "a\"b\\c/d\u{00}\u{01}\u{08}\u{09}\u{0A}\u{0B}\u{0C}\u{0D}\u{1F}\u{7F}e\u{2028}f\u{2029}g€‘h"
        + "é中😀\u{E2}\u{2027}\u{202A}" + String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) })

    static func time(_ milliseconds: Int64, display: LocalDateTime? = nil, offset: Int? = nil) -> RecordTime {
        RecordTime(
            instant: CGMInstant(millisecondsSince1970: milliseconds), displayTime: display, utcOffsetMinutes: offset)
    }

    @Test("records built to reach every escape, number spelling and time form encode to the same bytes")
    func awkwardRecords() {
        let provider: ProviderID = "test_provider"
        var batch = CGMBatch(provider: provider)
        let doubles: [Double] = [
            0, -0.0, 1, -1, 101, 6.4, -0.14, 1.2, 0.1 + 0.2, 100.0 / 3, 1e-4, 1.5e-5, 1e-7, 123.456789,
            999_999_999.5, 1e9 + 0.5, 1e15, 1e16, 1e300, -1e-300, .pi, .infinity, -.infinity, .nan,
            .leastNonzeroMagnitude, 0.000123, 12_345.678_9, 2.675, 1.005,
        ]
        let instants: [Int64] = [
            0, 1, 999, 1_000, 1_745_081_013_817, -1, -86_400_001, 253_402_300_799_999,
            253_402_300_800_000, -62_135_596_800_001, .max, .min,
        ]
        for (index, value) in doubles.enumerated() {
            let milliseconds = instants[index % instants.count]
            batch.readings.append(
                GlucoseReading(
                    id: RecordID(provider: provider, nativeID: "r\(index)" + (index == 3 ? Self.awkwardText : "")),
                    provider: provider,
                    time: Self.time(
                        milliseconds,
                        display: LocalDateTime(
                            year: 2024, month: 2, day: 29, hour: 23, minute: 59,
                            second: 59, millisecond: index * 37 % 1_000),
                        offset: index % 2 == 0 ? -(index * 30) : nil),
                    glucose: index % 5 == 4 ? nil : GlucoseValue(milligramsPerDeciliter: value),
                    status: .ok, trend: GlucoseTrend.allCases[index % GlucoseTrend.allCases.count],
                    trendRate: GlucoseRate(milligramsPerDeciliterPerMinute: value),
                    device: index % 3 == 0
                        ? nil
                        : DeviceInfo(
                            generation: index % 2 == 0 ? "g7" : nil, generationVariant: "x",
                            displayDevice: Self.awkwardText, displayApp: "G7",
                            transmitterID: "t\(index)")))
            batch.calibrations.append(
                Calibration(
                    id: RecordID(provider: provider, nativeID: "c\(index)"), provider: provider,
                    time: Self.time(milliseconds), glucose: GlucoseValue(milligramsPerDeciliter: value)))
        }
        for (index, kind) in CGMEvent.Kind.allCases.enumerated() {
            batch.events.append(
                CGMEvent(
                    id: RecordID(provider: provider, nativeID: "e\(index)"), provider: provider,
                    time: Self.time(instants[index % instants.count]), kind: kind,
                    subtype: index % 2 == 0 ? Self.awkwardText : nil, value: doubles[index % doubles.count],
                    unit: index % 3 == 0 ? nil : CGMEvent.Unit.allCases[index % CGMEvent.Unit.allCases.count],
                    glucose: index % 2 == 0 ? GlucoseValue(milligramsPerDeciliter: 123.4) : nil,
                    text: index % 2 == 1 ? Self.awkwardText : nil, status: .deleted,
                    device: DeviceInfo(displayApp: "app")))
        }
        batch.alerts = [
            DeviceAlert(
                id: RecordID(provider: provider, nativeID: "a"), provider: provider, time: Self.time(5),
                name: Self.awkwardText, state: "", device: DeviceInfo(transmitterID: "t"))
        ]
        batch.devices = [
            CGMDevice(provider: provider, info: DeviceInfo(), lastUploadTime: CGMInstant(millisecondsSince1970: 1)),
            CGMDevice(
                provider: provider,
                info: DeviceInfo(
                    generation: "g6", generationVariant: "v",
                    displayDevice: "d", displayApp: Self.awkwardText,
                    transmitterID: "t")),
        ]
        batch.dataRange = DataRange(
            readings: DataRange.Span(
                start: CGMInstant(millisecondsSince1970: 0),
                end: CGMInstant(millisecondsSince1970: 86_400_001)))
        batch.issues = [
            NormalizationIssue(index: nil, code: .invalidRecord, message: Self.awkwardText),
            NormalizationIssue(index: -5, code: .missingField, message: ""),
            NormalizationIssue(index: .max, code: .invalidValue, message: "m"),
        ]
        Self.check(batch, "awkward")
        Self.check(CGMBatch(provider: provider), "empty")
        Self.check(CGMBatch(provider: provider, dataRange: DataRange()), "empty data range")
    }

    @Test("each character that needs care, at each position of a 24-byte text, encodes to the same bytes")
    func escapesAtEveryPosition() {
        let specials: [Character] = [
            "\"", "\\", "\u{00}", "\u{1F}", "\u{20}", "\u{7E}", "\u{7F}", "\u{80}", "é", "€",
            "\u{2028}", "\u{2029}", "😀", "\n", "\u{08}", "!", "#", "[", "]",
        ]
        var issues: [NormalizationIssue] = []
        for special in specials {
            for position in 0..<24 {
                var text = Array(repeating: Character("a"), count: 24)
                text[position] = special
                issues.append(NormalizationIssue(index: position, code: .invalidValue, message: String(text)))
            }
        }
        Self.check(CGMBatch(provider: "p", issues: issues), "escapes")
    }

    @Test("a large batch streams in many chunks, each about the chunk size, with the same bytes")
    func streamingChunks() throws {
        let now = SandboxServer.defaultNow
        let payloads = SandboxPayloads(trace: SandboxTrace(user: SandboxUser.all[0], days: 14, end: now))
        let batch = try DexcomV3Normalizer().normalize(
            payloads.egvs(
                from: now.adding(milliseconds: -14 * 86_400_000),
                to: now, now: now))
        let encoder = BatchEncoder()
        let whole = encoder.encode(batch)
        var sizes: [Int] = []
        var joined: [UInt8] = []
        encoder.encode(batch, chunkSize: 65_536) { chunk in
            sizes.append(chunk.count)
            joined.append(contentsOf: chunk)
        }
        #expect(joined == whole)
        #expect(sizes.count == (whole.count + 65_535) / 65_536 || sizes.count == whole.count / 65_536 + 1)
        #expect(sizes.dropLast().allSatisfy { $0 >= 65_536 && $0 < 65_536 + 2_048 })
    }

    struct SinkFailure: Error {}

    @Test("a sink that fails stops the encoding with its error")
    func sinkFailure() {
        var calls = 0
        let batch = CGMBatch(
            provider: "p",
            readings: (0..<500).map { index in
                GlucoseReading(
                    id: RecordID(rawValue: "p:\(index)"), provider: "p",
                    time: RecordTime(instant: CGMInstant(millisecondsSince1970: Int64(index) * 300_000)),
                    glucose: GlucoseValue(milligramsPerDeciliter: 100), status: .ok, trend: .flat)
            })
        #expect(throws: SinkFailure.self) {
            try BatchEncoder().encode(batch, chunkSize: 4_096) { (_: UnsafeRawBufferPointer) throws(SinkFailure) in
                calls += 1
                throw SinkFailure()
            }
        }
        #expect(calls == 1)
    }
}
