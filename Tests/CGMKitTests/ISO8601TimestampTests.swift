@_spi(AdapterSupport) import CGMKit
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One timestamp vector: the text, and the expected UTC instant, display wall clock
/// and rounded offset; `nil` instant means the text must be rejected.
struct TimestampVector: Sendable, CustomTestStringConvertible {
    let text: String
    let instant: String?
    let wallClock: String?
    let offsetMinutes: Int?

    var testDescription: String { text.isEmpty ? "<empty>" : text }

    static func accept(_ text: String, _ instant: String, wall: String, offset: Int?) -> TimestampVector {
        TimestampVector(text: text, instant: instant, wallClock: wall, offsetMinutes: offset)
    }

    static func reject(_ text: String) -> TimestampVector {
        TimestampVector(text: text, instant: nil, wallClock: nil, offsetMinutes: nil)
    }
}

/// The vector table: Dexcom's documented and production shapes (reference
/// dexcom_v3.md §3.0 and §7.1, Tidepool's time tests), calendar edges, and
/// malformed inputs. Instants are written as CGMKit writes them.
let timestampVectors: [TimestampVector] = [
    // No zone: read as UTC.
    .accept("2022-06-17T03:59:11", "2022-06-17T03:59:11Z", wall: "2022-06-17T03:59:11", offset: nil),
    .accept("2021-06-01T01:10:08", "2021-06-01T01:10:08Z", wall: "2021-06-01T01:10:08", offset: nil),
    .accept("2024-02-29T23:59:59", "2024-02-29T23:59:59Z", wall: "2024-02-29T23:59:59", offset: nil),
    .accept("2000-02-29T00:00:00", "2000-02-29T00:00:00Z", wall: "2000-02-29T00:00:00", offset: nil),
    .accept("1970-01-01T00:00:00", "1970-01-01T00:00:00Z", wall: "1970-01-01T00:00:00", offset: nil),
    .accept("1969-12-31T23:59:59.999", "1969-12-31T23:59:59.999Z", wall: "1969-12-31T23:59:59.999", offset: nil),
    .accept("9999-12-31T23:59:59", "9999-12-31T23:59:59Z", wall: "9999-12-31T23:59:59", offset: nil),
    .accept("0001-01-01T00:00:00", "0001-01-01T00:00:00Z", wall: "0001-01-01T00:00:00", offset: nil),
    // Z, lower-case z, -00:00.
    .accept("2025-01-30T23:49:55Z", "2025-01-30T23:49:55Z", wall: "2025-01-30T23:49:55", offset: 0),
    .accept("2025-01-30T23:49:55z", "2025-01-30T23:49:55Z", wall: "2025-01-30T23:49:55", offset: 0),
    .accept("2025-01-30t23:49:55Z", "2025-01-30T23:49:55Z", wall: "2025-01-30T23:49:55", offset: 0),
    .accept("2025-01-30 23:49:55Z", "2025-01-30T23:49:55Z", wall: "2025-01-30T23:49:55", offset: 0),
    .accept("2022-02-06T09:12:35+00:00", "2022-02-06T09:12:35Z", wall: "2022-02-06T09:12:35", offset: 0),
    .accept("2022-02-06T09:12:35-00:00", "2022-02-06T09:12:35Z", wall: "2022-02-06T09:12:35", offset: 0),
    // ±hh:mm offsets, including non-hour zones.
    .accept("2022-02-06T01:12:35-08:00", "2022-02-06T09:12:35Z", wall: "2022-02-06T01:12:35", offset: -480),
    .accept("2025-01-30T15:49:55-08:00", "2025-01-30T23:49:55Z", wall: "2025-01-30T15:49:55", offset: -480),
    .accept("2024-01-15T11:45:00+05:45", "2024-01-15T06:00:00Z", wall: "2024-01-15T11:45:00", offset: 345),
    .accept("2024-01-15T11:30:00+05:30", "2024-01-15T06:00:00Z", wall: "2024-01-15T11:30:00", offset: 330),
    .accept("2024-01-15T19:45:00+13:45", "2024-01-15T06:00:00Z", wall: "2024-01-15T19:45:00", offset: 825),
    .accept("2024-07-15T18:45:00+12:45", "2024-07-15T06:00:00Z", wall: "2024-07-15T18:45:00", offset: 765),
    .accept("2024-01-15T02:30:00-03:30", "2024-01-15T06:00:00Z", wall: "2024-01-15T02:30:00", offset: -210),
    .accept("2024-01-15T20:00:00+14:00", "2024-01-15T06:00:00Z", wall: "2024-01-15T20:00:00", offset: 840),
    .accept("2024-01-14T18:00:00-12:00", "2024-01-15T06:00:00Z", wall: "2024-01-14T18:00:00", offset: -720),
    .accept("2024-01-01T00:30:00+01:00", "2023-12-31T23:30:00Z", wall: "2024-01-01T00:30:00", offset: 60),
    .accept("2023-12-31T23:30:00-01:00", "2024-01-01T00:30:00Z", wall: "2023-12-31T23:30:00", offset: -60),
    .accept("2024-03-01T00:30:00+02:00", "2024-02-29T22:30:00Z", wall: "2024-03-01T00:30:00", offset: 120),
    // ±hhmm and ±hh.
    .accept("2024-01-15T01:00:00-0500", "2024-01-15T06:00:00Z", wall: "2024-01-15T01:00:00", offset: -300),
    .accept("2024-01-15T11:45:00+0545", "2024-01-15T06:00:00Z", wall: "2024-01-15T11:45:00", offset: 345),
    .accept("2024-01-15T08:00:00+02", "2024-01-15T06:00:00Z", wall: "2024-01-15T08:00:00", offset: 120),
    // Offsets with seconds: exact instant, offset rounded to the minute, half away from zero.
    .accept("2021-04-05T10:52:48-06:59:59", "2021-04-05T17:52:47Z", wall: "2021-04-05T10:52:48", offset: -420),
    .accept("2001-02-03T14:15:16-06:59:58", "2001-02-03T21:15:14Z", wall: "2001-02-03T14:15:16", offset: -420),
    .accept("2001-02-03T14:15:16-06:59:30", "2001-02-03T21:14:46Z", wall: "2001-02-03T14:15:16", offset: -420),
    .accept("2001-02-03T14:15:16-06:59:29", "2001-02-03T21:14:45Z", wall: "2001-02-03T14:15:16", offset: -419),
    .accept("2001-02-03T14:15:16+05:45:30", "2001-02-03T08:29:46Z", wall: "2001-02-03T14:15:16", offset: 346),
    .accept("2001-02-03T14:15:16+00:00:29", "2001-02-03T14:14:47Z", wall: "2001-02-03T14:15:16", offset: 0),
    // Missing seconds.
    .accept("2021-02-03T14:15Z", "2021-02-03T14:15:00Z", wall: "2021-02-03T14:15:00", offset: 0),
    .accept("2021-02-03T14:15", "2021-02-03T14:15:00Z", wall: "2021-02-03T14:15:00", offset: nil),
    .accept("2025-12-01T10:00+01:00", "2025-12-01T09:00:00Z", wall: "2025-12-01T10:00:00", offset: 60),
    // Fractions of any length, truncated below the millisecond.
    .accept("2022-12-05T15:00:25.438Z", "2022-12-05T15:00:25.438Z", wall: "2022-12-05T15:00:25.438", offset: 0),
    .accept("2021-07-05T10:49:22.123-07:00", "2021-07-05T17:49:22.123Z", wall: "2021-07-05T10:49:22.123", offset: -420),
    .accept("2024-01-15T06:00:00.5Z", "2024-01-15T06:00:00.500Z", wall: "2024-01-15T06:00:00.500", offset: 0),
    .accept("2024-01-15T06:00:00.05Z", "2024-01-15T06:00:00.050Z", wall: "2024-01-15T06:00:00.050", offset: 0),
    .accept("2024-01-15T06:00:00.1234567Z", "2024-01-15T06:00:00.123Z", wall: "2024-01-15T06:00:00.123", offset: 0),
    .accept("2024-01-15T06:00:00.9999999Z", "2024-01-15T06:00:00.999Z", wall: "2024-01-15T06:00:00.999", offset: 0),
    .accept("2024-01-15T06:00:00.000Z", "2024-01-15T06:00:00Z", wall: "2024-01-15T06:00:00", offset: 0),
    .accept("2024-01-15T06:00:00.000000001", "2024-01-15T06:00:00Z", wall: "2024-01-15T06:00:00", offset: nil),
    .accept("2024-01-15T06:00:00.817+05:45", "2024-01-15T00:15:00.817Z", wall: "2024-01-15T06:00:00.817", offset: 345),
    // Impossible dates and times.
    .reject("2021-02-30T00:00:00Z"),
    .reject("2023-02-29T00:00:00"),
    .reject("1900-02-29T00:00:00"),
    .reject("2024-04-31T00:00:00"),
    .reject("2024-13-01T00:00:00"),
    .reject("2024-00-10T00:00:00"),
    .reject("2024-01-00T00:00:00"),
    .reject("2024-01-15T24:00:00Z"),
    .reject("2024-01-15T23:60:00Z"),
    .reject("2024-12-31T23:59:60Z"),
    .reject("0000-01-01T00:00:00"),
    // Malformed shapes and zones.
    .reject(""),
    .reject("2024-01-15"),
    .reject("2024-01-15T"),
    .reject("2024-01-15T06"),
    .reject("2024-01-15T06:00:"),
    .reject("2024-01-15T06:00:00."),
    .reject("2024-01-15T6:00:00"),
    .reject("24-01-15T06:00:00"),
    .reject("2024/01/15T06:00:00"),
    .reject("2024-01-15X06:00:00"),
    .reject("2024-01-15T06:00:00ZZ"),
    .reject("2024-01-15T06:00:00 "),
    .reject(" 2024-01-15T06:00:00"),
    .reject("2024-01-15T06:00:00+24:00"),
    .reject("2024-01-15T06:00:00+05:60"),
    .reject("2024-01-15T06:00:00+05:45:60"),
    .reject("2024-01-15T06:00:00+5"),
    .reject("2024-01-15T06:00:00+05:"),
    .reject("2024-01-15T06:00:00+05:4"),
    .reject("2024-01-15T06:00:00UTC"),
    .reject("2024-01-15T06:00:00.12a"),
    .reject("１２３４-01-15T06:00:00"),
    .reject("Date(1745081013817)"),
]

@Suite("ISO 8601 timestamps")
struct ISO8601TimestampTests {
    @Test("the table has at least 60 vectors")
    func tableIsLarge() {
        #expect(timestampVectors.count >= 60)
    }

    @Test("each vector parses to the expected instant, wall clock and offset", arguments: timestampVectors)
    func parses(vector: TimestampVector) {
        Self.check(vector)
    }

    static func check(_ vector: TimestampVector) {
        let parsed = ISO8601Timestamp(vector.text)
        guard let expectedInstant = vector.instant else {
            #expect(parsed == nil, "accepted \(vector.text)")
            return
        }
        guard let parsed else {
            Issue.record("rejected \(vector.text)")
            return
        }
        #expect(parsed.instantAssumingUTC.rfc3339 == expectedInstant)
        #expect(parsed.dateTime.iso8601 == vector.wallClock)
        #expect(parsed.offsetMinutesRounded == vector.offsetMinutes)
    }
}

/// The whole table again under time zones with odd offsets, changing `TZ` in
/// process: results must not depend on the machine's zone. (`.ci/run` also runs the
/// complete test suite with each of these zones set from outside.)
@Suite("Time zone independence", .serialized)
struct TimeZoneIndependenceTests {
    @Test(
        "the vector table gives the same results under each TZ",
        arguments: [
            "UTC", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham", "America/New_York",
        ])
    func independentOfTimeZone(zone: String) {
        let previous = getenv("TZ").map { String(cString: $0) }
        setenv("TZ", zone, 1)
        tzset()
        defer {
            if let previous { setenv("TZ", previous, 1) } else { unsetenv("TZ") }
            tzset()
        }
        for vector in timestampVectors {
            ISO8601TimestampTests.check(vector)
        }
        // Display offsets inferred from zone-less receiver times, too.
        let display = LocalDateTime(year: 2024, month: 1, day: 15, hour: 11, minute: 45)
        let instant = CGMInstant(millisecondsSince1970: 1_705_298_400_000)  // 2024-01-15T06:00:00Z
        #expect(display.map { UTCOffsetInference.inferredOffsetMinutes(wallClock: $0, instant: instant) } == 345)
    }
}
