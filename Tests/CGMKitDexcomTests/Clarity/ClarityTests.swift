import CGMKit
import CGMKitDexcom
import CGMKitTesting
import Foundation
import Testing

/// One Clarity export built in the test: the header, an untimed preamble, and rows.
func clarityFile(_ rows: [[String]], unit: String = "mg/dL", names: Bool = true) -> [UInt8] {
    var lines = [
        "Index,Timestamp (YYYY-MM-DDThh:mm:ss),Event Type,Event Subtype,Patient Info,Device Info,Source Device ID,"
            + "Glucose Value (\(unit)),Insulin Value (u),Carb Value (grams),Duration (hh:mm:ss),"
            + "Glucose Rate of Change (\(unit)/min),Transmitter Time (Long Integer),Transmitter ID"
    ]
    if names {
        lines.append("1,,FirstName,,Zebulon,,,,,,,,")
        lines.append("2,,LastName,,Quaxworth,,,,,,,,")
    }
    lines.append("3,,Device,,,Dexcom G7 Mobile App,iOS G7,,,,,,")
    for (offset, row) in rows.enumerated() { lines.append(([String(offset + 4)] + row).joined(separator: ",")) }
    return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
}

/// The wall clock `instant` shows in `zone`, as Clarity writes it.
func wallClock(_ instant: Date, in zone: TimeZone, seconds: Bool = true) -> DateComponents {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
}

func clarityTimestamp(_ parts: DateComponents) -> String {
    func two(_ value: Int?) -> String { (value ?? 0) < 10 ? "0\(value ?? 0)" : "\(value ?? 0)" }
    return
        "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
}

/// DST transitions (UTC instants) in zones with 1-hour and 30-minute shifts, both directions.
struct Transition: Sendable, CustomStringConvertible {
    var zone: String
    var utc: String
    var fallBack: Bool
    var description: String { "\(zone) \(fallBack ? "fall-back" : "spring-forward") \(utc)" }

    static let all: [Transition] = [
        Transition(zone: "Europe/Berlin", utc: "2024-10-27T01:00:00Z", fallBack: true),
        Transition(zone: "Europe/Berlin", utc: "2024-03-31T01:00:00Z", fallBack: false),
        Transition(zone: "America/New_York", utc: "2023-11-05T06:00:00Z", fallBack: true),
        Transition(zone: "America/New_York", utc: "2024-03-10T07:00:00Z", fallBack: false),
        Transition(zone: "Australia/Sydney", utc: "2024-04-06T16:00:00Z", fallBack: true),
        Transition(zone: "Australia/Sydney", utc: "2024-10-05T16:00:00Z", fallBack: false),
        Transition(zone: "Australia/Lord_Howe", utc: "2024-04-06T15:00:00Z", fallBack: true),
        Transition(zone: "Australia/Lord_Howe", utc: "2024-10-05T15:30:00Z", fallBack: false),
    ]

    var instant: Date { ISO8601DateFormatter().date(from: utc) ?? Date(timeIntervalSince1970: 0) }
}

@Suite("Dexcom Clarity import")
struct ClarityTests {
    @Test("readings across a DST change get their true instants from Transmitter Time", arguments: Transition.all)
    func daylightSaving(_ transition: Transition) throws {
        let zone = try #require(TimeZone(identifier: transition.zone))
        // Five-minute EGVs from 2 h before to 2 h after the change, listed by local
        // timestamp as Clarity sorts them (so a fall-back hour's pairs are interleaved).
        let start = transition.instant.addingTimeInterval(-7200 + 47)
        var rows: [(String, [String])] = []
        for step in 0..<48 {
            let instant = start.addingTimeInterval(Double(step * 300))
            let stamp = clarityTimestamp(wallClock(instant, in: zone))
            let transmitterTime = 5000 + step * 300
            rows.append(
                (
                    stamp,
                    [
                        stamp, "EGV", "", "", "", "iOS G7", String(100 + step), "", "", "", "", String(transmitterTime),
                        "8Q2XKL",
                    ]
                ))
        }
        let sorted = rows.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
        let batch = try ClarityNormalizer(timeZone: zone).normalize(clarityFile(sorted))
        #expect(batch.issues.isEmpty)
        #expect(batch.readings.count == 48)
        for reading in batch.readings {
            let step = Int(reading.glucose?.milligramsPerDeciliter ?? 0) - 100
            let expected = Int64(start.timeIntervalSince1970) + Int64(step * 300)
            #expect(reading.time.instant.secondsSince1970 == expected, "step \(step)")
            #expect(reading.id.rawValue == "dexcom_clarity:8Q2XKL:\(5000 + step * 300)")
        }
        if transition.fallBack {
            let ambiguousPairs = Dictionary(grouping: batch.readings) { $0.time.displayTime }.values.filter {
                $0.count == 2
            }
            #expect(!ambiguousPairs.isEmpty)
        }
    }

    @Test("a time in a spring-forward gap is shifted forward; an untold ambiguous time is the earlier instant")
    func gapAndDefault() throws {
        let zone = try #require(TimeZone(identifier: "Europe/Berlin"))
        let batch = try ClarityNormalizer(timeZone: zone).normalize(
            clarityFile([
                ["2024-03-31T02:30:00", "EGV", "", "", "", "iOS G7", "120", "", "", "", "", "", ""],
                ["2024-10-27T02:30:00", "Calibration", "", "", "", "iOS G7", "110", "", "", "", "", "", ""],
            ]))
        #expect(batch.readings.first?.time.instant.rfc3339 == "2024-03-31T01:30:00Z")
        #expect(batch.readings.first?.time.displayTime?.iso8601 == "2024-03-31T02:30:00")
        #expect(batch.readings.first?.time.utcOffsetMinutes == 120)
        #expect(batch.calibrations.first?.time.instant.rfc3339 == "2024-10-27T00:30:00Z")
        #expect(batch.readings.first?.id.rawValue.hasPrefix("dexcom_clarity:17118") == true)
    }

    @Test("the same file in another zone moves every instant by the zone's offset, never the machine's")
    func zoneIsTheCallers() throws {
        let file = clarityFile([
            ["2024-06-01T12:00:00", "EGV", "", "", "", "iOS G7", "120", "", "", "", "", "100", "8Q2XKL"]
        ])
        let tokyo = try ClarityNormalizer(timeZone: #require(TimeZone(identifier: "Asia/Tokyo"))).normalize(file)
        let kathmandu = try ClarityNormalizer(timeZone: #require(TimeZone(identifier: "Asia/Kathmandu"))).normalize(
            file)
        #expect(tokyo.readings.first?.time.instant.rfc3339 == "2024-06-01T03:00:00Z")
        #expect(kathmandu.readings.first?.time.instant.rfc3339 == "2024-06-01T06:15:00Z")
        #expect(kathmandu.readings.first?.time.utcOffsetMinutes == 345)
    }

    @Test(
        "what is not a Clarity export is refused with one line naming the problem",
        arguments: [
            ("JSON", Array("[{\"WT\":\"Date(1)\"}]".utf8), "JSON"),
            ("empty", [], "empty"),
            ("binary", [0x00, 0x01, 0x02, 0xFF, 0xFE, 0x00], "not"),
            ("preamble only", clarityFile([]), "no data rows"),
            (
                "missing columns", Array("Index,Timestamp (YYYY-MM-DDThh:mm:ss),Event Type\n1,,FirstName\n".utf8),
                "no header row"
            ),
            (
                "LibreView",
                Array(
                    "Glucose Data,Generated on,x,Generated by,Zebulon Quaxworth\nDevice,Serial Number,Device Timestamp,Record Type,Historic Glucose mg/dL\n"
                        .utf8), "LibreView"
            ),
        ] as [(String, [UInt8], String)])
    func notAPayload(_ name: String, _ bytes: [UInt8], _ mentions: String) throws {
        let normalizer = ClarityNormalizer(timeZone: try #require(TimeZone(identifier: "Europe/Berlin")))
        let error = try #require(throws: CGMError.self) { try normalizer.normalize(bytes) }
        #expect(error.code == .notAPayload)
        #expect(error.message.contains(mentions), "\(name)")
        #expect(!error.message.contains("\n"))
        #expect(CanaryCheck.leaks(in: error, canaries: clarityNames).isEmpty)
    }

    @Test("a file beyond the size limit is refused as limitExceeded")
    func oversize() throws {
        var bytes = clarityFile([])
        bytes += Array(repeating: 0x41, count: 33 * 1024 * 1024)
        let normalizer = ClarityNormalizer(timeZone: try #require(TimeZone(identifier: "Europe/Berlin")))
        let error = try #require(throws: CGMError.self) { try normalizer.normalize(bytes) }
        #expect(error.code == .limitExceeded)
    }

    @Test("names in the preamble appear in no output, issue, description or dump")
    func namesNeverCopied() throws {
        let normalizer = ClarityNormalizer(timeZone: try #require(TimeZone(identifier: "America/New_York")))
        for fixture in try clarityFixtures.listFileNames(withExtension: "csv") {
            let batch = try normalizer.normalize(clarityFixtures.bytes(fixture))
            let encoded = String(decoding: BatchEncoder().encode(batch), as: UTF8.self)
            for name in clarityNames {
                #expect(!encoded.contains(name), "\(fixture)")
                #expect(!batch.issues.contains { $0.message.contains(name) })
            }
            #expect(CanaryCheck.leaks(in: batch, canaries: clarityNames).isEmpty)
            for reading in batch.readings.prefix(3) {
                #expect(CanaryCheck.leaks(in: reading, canaries: clarityNames).isEmpty)
            }
        }
    }

    @Test("one bad row among good ones is one issue at its row number; the good rows are kept")
    func badRow() throws {
        let batch = try ClarityNormalizer(timeZone: try #require(TimeZone(identifier: "Europe/Berlin"))).normalize(
            clarityFile(
                [
                    ["2024-06-01T12:00:00", "EGV", "", "", "", "iOS G7", "120", "", "", "", "", "100", "8Q2XKL"],
                    ["2024-06-01T12:05:00", "EGV", "", "", "", "iOS G7", "abc", "", "", "", "", "400", "8Q2XKL"],
                    ["2024-06-01T12:10:00", "EGV", "", "", "", "iOS G7", "124", "", "", "", "", "700", "8Q2XKL"],
                ], names: false))
        #expect(batch.readings.count == 2)
        #expect(batch.issues.count == 1)
        #expect(batch.issues.first?.index == 3)
        #expect(batch.issues.first?.code == .invalidValue)
    }

    @Test("an id never holds a control character: a quoted Transmitter ID with a line break keys the reading by time")
    func controlCharactersStayOutOfIDs() throws {
        let bytes = clarityFile([
            ["2024-06-01T12:00:00", "EGV", "", "", "", "iOS G7", "120", "", "", "", "", "100", "\"8Q2\r\nXKL\""]
        ])
        let batch = try ClarityNormalizer(timeZone: try #require(TimeZone(identifier: "UTC"))).normalize(bytes)
        #expect(batch.readings.first?.id.rawValue == "dexcom_clarity:1717243200")
    }

    @Test("a German export saved as Latin-1 reads as its UTF-8 twin does")
    func latin1Export() throws {
        let utf8 = try clarityFixtures.bytes("german-semicolon.csv")
        let text = String(decoding: utf8, as: UTF8.self)
        let latin1 = text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        #expect(latin1 != utf8)
        let normalizer = ClarityNormalizer(timeZone: try #require(TimeZone(identifier: "Europe/Berlin")))
        #expect(try normalizer.normalize(latin1) == normalizer.normalize(utf8))
    }
}
