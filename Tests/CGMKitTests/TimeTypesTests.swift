@_spi(AdapterSupport) import CGMKit
import Foundation
import Testing

@Suite("Instants, wall clocks and offsets")
struct TimeTypesTests {
    @Test(
        "instants format as RFC 3339 with Z, milliseconds only when non-zero",
        arguments: [
            (Int64(0), "1970-01-01T00:00:00Z"),
            (Int64(1_745_081_013_817), "2025-04-19T16:43:33.817Z"),
            (Int64(1_745_081_013_000), "2025-04-19T16:43:33Z"),
            (Int64(-1), "1969-12-31T23:59:59.999Z"),
            (Int64(-1000), "1969-12-31T23:59:59Z"),
            (Int64(951_782_400_000), "2000-02-29T00:00:00Z"),
            (Int64(4_107_542_400_000), "2100-03-01T00:00:00Z"),
        ])
    func formats(milliseconds: Int64, text: String) {
        #expect(CGMInstant(millisecondsSince1970: milliseconds).rfc3339 == text)
    }

    @Test("instants convert to and from Date, truncated to the millisecond")
    func bridgesDate() throws {
        let instant = try #require(CGMInstant(Date(timeIntervalSince1970: 1_745_081_013.8179)))
        #expect(instant.millisecondsSince1970 == 1_745_081_013_817)
        #expect(instant.date.timeIntervalSince1970 == 1_745_081_013.817)
        #expect(CGMInstant(millisecondsSince1970: -1500).secondsSince1970 == -2)
        #expect(CGMInstant(millisecondsSince1970: 1500).secondsSince1970 == 1)
    }

    @Test("wall clocks reject impossible moments")
    func validatesWallClock() {
        #expect(LocalDateTime(year: 2024, month: 2, day: 29, hour: 0, minute: 0) != nil)
        #expect(LocalDateTime(year: 2023, month: 2, day: 29, hour: 0, minute: 0) == nil)
        #expect(LocalDateTime(year: 2024, month: 1, day: 1, hour: 24, minute: 0) == nil)
        #expect(LocalDateTime(year: 2024, month: 1, day: 1, hour: 0, minute: 0, second: 60) == nil)
        #expect(LocalDateTime(year: 10000, month: 1, day: 1, hour: 0, minute: 0) == nil)
    }

    /// (wall clock minus instant in seconds, expected offset in minutes)
    static let offsetCases: [(Int, Int?)] = [
        (0, 0), (-28_800, -480), (20_700, 345), (-12_600, -210), (45_900, 765),
        (49_500, 825), (-43_200, -720), (50_400, 840), (-44_100, nil), (51_300, nil),
        (-28_380, -480), (-28_320, -465), (450, 15), (-450, -15),
        (259_500, nil), (216_000, nil),
    ]

    @Test("inferred display offsets snap to 15 minutes within -720...+840", arguments: offsetCases)
    func infersOffsets(differenceSeconds: Int, expected: Int?) throws {
        let instant = CGMInstant(millisecondsSince1970: 1_705_298_400_000)  // 2024-01-15T06:00:00Z
        let wall = instant.adding(milliseconds: Int64(differenceSeconds) * 1000).utcDateTime
        #expect(UTCOffsetInference.inferredOffsetMinutes(wallClock: wall, instant: instant) == expected)
    }

    @Test("a stated display offset wins over the inferred one")
    func statedOffsetWins() throws {
        let display = try #require(ISO8601Timestamp("2024-01-15T11:45:00+05:30"))
        let instant = try #require(ISO8601Timestamp("2024-01-15T06:00:00Z")).instantAssumingUTC
        #expect(UTCOffsetInference.offsetMinutes(display: display, instant: instant) == 330)
    }
}
