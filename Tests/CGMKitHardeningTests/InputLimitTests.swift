import CGMKit
@_spi(Testing) import CGMKitDexcom
import CGMKitNightscout
import CGMKitTesting
import Testing

/// Reliability E41–E43 through every adapter: hostile sizes end in `limitExceeded`,
/// odd encodings in a typed error or the documented handling, numeric edges in a
/// per-record status or issue, and nothing traps. Time and memory of the same inputs
/// are measured by `cgm-bench --hostile` (Docs/Security.md), not here.
@Suite("Input limits and hostile payloads (E41–E43)")
struct InputLimitTests {
    /// A body of roughly `bytes` bytes in the adapter's own shape, by repeating records.
    static func bigPayload(_ adapter: Adapter, bytes: Int) -> [UInt8] {
        let two = adapter.payload(value: "121")
        guard let open = two.firstIndex(of: UInt8(ascii: "[")), let close = two.lastIndex(of: UInt8(ascii: "]")) else {
            return two
        }
        let records = two[(open + 1)..<close]
        var body = Array(two[...open])
        body.reserveCapacity(bytes + records.count)
        while body.count < bytes {
            if body.count > open + 1 { body.append(UInt8(ascii: ",")) }
            body += records
        }
        return body + two[close...]
    }

    /// The hostile bodies of E41, each in the adapter's shape where a shape matters.
    static func hostile(_ adapter: Adapter) -> [(String, [UInt8])] {
        let deep = Array(repeating: UInt8(ascii: "["), count: 513) + Array(repeating: UInt8(ascii: "]"), count: 513)
        let hugeNumber = String(repeating: "7", count: 1_000_000)
        let hugeString = "\"" + String(repeating: "a", count: 10_000_000) + "\""
        let records =
            switch adapter {
            case .dexcomV3: (#"{"recordType":"egv","records":["#, "]}")
            case .libreLinkUp: (#"{"status":0,"data":["#, "]}")
            case .dexcomShare, .nightscout: ("[", "]")
            }
        let manyRecords = Array((records.0 + String(repeating: "{},", count: 100_000) + "{}" + records.1).utf8)
        let denseRow = "[" + String(repeating: "0,", count: 50_000) + "0]"
        let dense = Array((records.0 + Array(repeating: denseRow, count: 21).joined(separator: ",") + records.1).utf8)
        return [
            ("nesting 513", deep),
            ("nesting 10^6", Array(repeating: UInt8(ascii: "["), count: 1_000_000)),
            ("a 1 MB number as the glucose value", adapter.payload(value: hugeNumber)),
            ("a 10 MB string as the glucose value", adapter.payload(value: hugeString)),
            ("a 20 MB body", bigPayload(adapter, bytes: 20_000_000)),
            ("a 64 MB body", bigPayload(adapter, bytes: 64_000_000)),
            ("100,001 records", manyRecords),
            ("over 10^6 values in 2 MB", dense),
        ]
    }

    @Test(
        "E41: hostile sizes end in limitExceeded, on the fast and the general path",
        arguments: Adapter.allCases, [true, false])
    func hostileSizes(adapter: Adapter, fastPath: Bool) {
        for (name, body) in Self.hostile(adapter) {
            let outcome = NormalizationOutcome { try adapter.normalizer(fastPath: fastPath).normalize(body) }
            #expect(outcome == .error(.limitExceeded), "\(name): \(outcome)")
        }
    }

    @Test(
        "E41: the default limits accept what vendors send: 90 days of EGVs in one page, on both paths",
        arguments: [true, false])
    func defaultsAcceptRealSizes(fastPath: Bool) throws {
        let body = Self.recordsPayload(.dexcomV3, count: 90 * 288)
        let batch = try DexcomV3Normalizer(usesFastPath: fastPath).normalize(body)
        #expect(batch.readings.count == 90 * 288)
        #expect(batch.issues.isEmpty)
    }

    @Test(
        "E41: near the array and value limits, the fast paths decide exactly as the general path",
        arguments: Adapter.allCases, 1...6)
    func fastPathsHonourLimits(adapter: Adapter, records: Int) {
        var limits = JSONReaderLimits.default
        limits.maximumArrayElements = 3
        limits.maximumValues = 48
        let reader = JSONReader(limits: limits)
        let body = Self.recordsPayload(adapter, count: records)
        let fast = NormalizationOutcome { try adapter.normalizer(reader, fastPath: true).normalize(body) }
        let general = NormalizationOutcome { try adapter.normalizer(reader, fastPath: false).normalize(body) }
        #expect(fast == general)
        if records > 3 { #expect(general == .error(.limitExceeded)) }
        if records == 1 { #expect(general.batch?.readings.count == 1) }
    }

    /// `count` clean, distinct readings five minutes apart.
    static func recordsPayload(_ adapter: Adapter, count: Int) -> [UInt8] {
        let start: Int64 = 1_704_067_200_000
        switch adapter {
        case .dexcomV3:
            let records = (0..<count).map { index -> String in
                let time = CGMInstant(millisecondsSince1970: start + Int64(index) * 300_000).utcDateTime.iso8601
                return #"{"recordId":"r\#(index)","systemTime":"\#(time)","displayTime":"\#(time)","value":120,"#
                    + #""status":null,"trend":"flat","unit":"mg/dL","rateUnit":"mg/dL/min"}"#
            }
            return Array((#"{"recordType":"egv","records":["# + records.joined(separator: ",") + "]}").utf8)
        case .dexcomShare:
            let records = (0..<count).map { index -> String in
                let milliseconds = start + Int64(index) * 300_000
                return #"{"WT":"Date(\#(milliseconds))","ST":"Date(\#(milliseconds))","#
                    + #""DT":"Date(\#(milliseconds)-0500)","Value":120,"Trend":"Flat"}"#
            }
            return Array(("[" + records.joined(separator: ",") + "]").utf8)
        case .nightscout:
            let records = (0..<count).map { index -> String in
                #"{"_id":"r\#(index)","type":"sgv","sgv":120,"date":\#(start + Int64(index) * 300_000),"direction":"Flat"}"#
            }
            return Array(("[" + records.joined(separator: ",") + "]").utf8)
        case .libreLinkUp:
            let records = (0..<count).map { index -> String in
                let time = Adapter.libreLinkUpTimestamp(
                    CGMInstant(millisecondsSince1970: start + Int64(index) * 300_000))
                return #"{"FactoryTimestamp":"\#(time)","ValueInMgPerDl":120}"#
            }
            return Array((#"{"status":0,"data":["# + records.joined(separator: ",") + "]}").utf8)
        }
    }

    @Test("E42: invalid UTF-8 and a lone surrogate escape are not a payload", arguments: Adapter.allCases)
    func badEncodings(adapter: Adapter) {
        var invalid = adapter.payload(value: "120")
        invalid.insert(0xFF, at: invalid.count / 2)
        #expect(NormalizationOutcome { try adapter.normalizer().normalize(invalid) } == .error(.notAPayload))
        let surrogate = adapter.payload(value: #""\ud800""#)
        #expect(NormalizationOutcome { try adapter.normalizer().normalize(surrogate) } == .error(.notAPayload))
    }

    @Test("E42: a byte order mark is skipped; the same batch as without it", arguments: Adapter.allCases)
    func byteOrderMark(adapter: Adapter) throws {
        let body = adapter.payload(value: "130")
        let plain = try adapter.normalizer().normalize(body)
        #expect(try adapter.normalizer().normalize([0xEF, 0xBB, 0xBF] + body) == plain)
        #expect(plain.readings.count == 2)
    }

    @Test("E42: an embedded \\u0000 is kept as a character and written back escaped")
    func embeddedNul() throws {
        let body =
            Array(
                #"{"recordType":"egv","records":[{"recordId":"a\u0000b","systemTime":"2024-01-01T00:00:00","#
                    .utf8)
            + Array(#""displayTime":"2024-01-01T00:00:00","value":120,"status":null,"trend":"flat"}]}"#.utf8)
        let batch = try DexcomV3Normalizer().normalize(body)
        #expect(batch.readings.map(\.id.rawValue) == ["dexcom_v3:a\u{0}b"])
        let output = BatchEncoder().encodeToString(batch)
        #expect(output.contains(#"a\u0000b"#))
        #expect(try JSONReader().read(Array(output.utf8)).objectValue != nil)
    }

    /// What each adapter makes of a glucose value (SPEC §2.2): a status, or an
    /// `invalidValue` issue for that record alone.
    enum Expected: Equatable, Sendable {
        case status(ReadingStatus)
        case invalid
    }

    static let edgeTable: [(String, Expected, Expected, Expected)] = [
        // value                  Dexcom v3              Share                  Nightscout
        ("-1", .invalid, .invalid, .invalid),
        ("0", .status(.belowRange), .status(.unavailable), .status(.unavailable)),
        ("1.5", .status(.belowRange), .status(.unavailable), .status(.unavailable)),
        ("12", .status(.belowRange), .status(.unavailable), .status(.unavailable)),
        ("13", .status(.belowRange), .status(.belowRange), .status(.belowRange)),
        ("37", .status(.belowRange), .status(.belowRange), .status(.belowRange)),
        ("39", .status(.belowRange), .status(.belowRange), .status(.belowRange)),
        ("40", .status(.ok), .status(.ok), .status(.ok)),
        ("400", .status(.ok), .status(.ok), .status(.ok)),
        ("401", .status(.aboveRange), .status(.aboveRange), .status(.aboveRange)),
        ("500", .status(.aboveRange), .status(.aboveRange), .status(.ok)),
        ("600", .status(.aboveRange), .status(.aboveRange), .status(.ok)),
        // SPEC §2.2: no sensor or meter measures above 600 mg/dL.
        ("600.5", .invalid, .invalid, .invalid),
        ("5474.51", .invalid, .invalid, .invalid),
        ("65536", .invalid, .invalid, .invalid),
        ("1e400", .invalid, .invalid, .invalid),
        ("-1e400", .invalid, .invalid, .invalid),
        ("9223372036854775808", .invalid, .invalid, .invalid),
        (#""NaN""#, .invalid, .invalid, .invalid),
        (#""Infinity""#, .invalid, .invalid, .invalid),
        (#""120""#, .status(.ok), .status(.ok), .status(.ok)),
        ("true", .invalid, .invalid, .invalid),
        ("{}", .invalid, .invalid, .invalid),
    ]

    @Test(
        "E43: numeric edges give a status or a per-record issue; the clean neighbour always survives",
        arguments: edgeTable)
    func numericEdges(value: String, v3: Expected, share: Expected, nightscout: Expected) throws {
        for (adapter, expected) in [(Adapter.dexcomV3, v3), (.dexcomShare, share), (.nightscout, nightscout)] {
            for fastPath in [true, false] {
                let batch = try adapter.normalizer(fastPath: fastPath).normalize(adapter.payload(value: value))
                let good = batch.readings.filter { $0.time.instant == Adapter.goodInstant }
                #expect(good.map(\.glucose) == [GlucoseValue(milligramsPerDeciliter: 120)], "\(adapter)")
                let edge = batch.readings.filter { $0.time.instant == Adapter.edgeInstant }
                switch expected {
                case .status(let status):
                    #expect(edge.map(\.status) == [status], "\(adapter) \(value)")
                    #expect(
                        edge.allSatisfy { $0.glucose.map { (40...600).contains($0.milligramsPerDeciliter) } ?? true })
                case .invalid:
                    #expect(edge.isEmpty, "\(adapter) \(value)")
                    #expect(batch.issues.map(\.code).contains(.invalidValue), "\(adapter) \(value)")
                }
            }
        }
    }

    @Test(
        "E43: a calibration or meter value outside 10–600 mg/dL is an invalidValue, never a 0 mmol/L output (found by FuzzDexcomV3Calibrations)",
        arguments: [
            ("0.6", "mg/dL", false), ("9.9", "mg/dL", false), ("10", "mg/dL", true), ("600", "mg/dL", true),
            ("601", "mg/dL", false), ("0.5", "mmol/L", false), ("5.5", "mmol/L", true), ("40", "mmol/L", false),
        ])
    func meterRange(value: String, unit: String, kept: Bool) throws {
        let v3 = try DexcomV3Normalizer().normalize(
            Array(
                (#"{"recordType":"calibration","records":[{"recordId":"c","#
                    + #""systemTime":"2024-01-01T00:00:00Z","displayTime":"2024-01-01T00:00:00","unit":"\#(unit)","#
                    + #""value":\#(value)}]}"#).utf8))
        #expect(v3.calibrations.count == (kept ? 1 : 0))
        #expect(v3.issues.map(\.code) == (kept ? [] : [.invalidValue]))
        for calibration in v3.calibrations {
            #expect(calibration.glucose.displayValue(in: .millimolesPerLiter) > 0)
        }
        guard unit == "mg/dL" else { return }
        let nightscout = try NightscoutNormalizer().normalize(
            Array(
                #"[{"_id":"m","type":"mbg","mbg":\#(value),"date":1704067200000}]"#.utf8))
        #expect(nightscout.events.count == (kept ? 1 : 0))
    }
}
