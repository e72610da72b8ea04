@_spi(AdapterSupport) import CGMKit
import Foundation
import Testing

@Suite("Local wall clock to UTC (SPEC §9)")
struct LocalTimeResolverTests {
    struct Case: Sendable, CustomStringConvertible {
        var zone: String
        /// A wall clock in the spring-forward gap, and the UTC instant it shifts to.
        var gap: (LocalDateTime, String)
        /// A wall clock shown twice, its earlier and later UTC instants.
        var overlap: (LocalDateTime, String, String)
        var description: String { zone }
    }

    static func wall(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int) -> LocalDateTime {
        guard let wall = LocalDateTime(year: y, month: mo, day: d, hour: h, minute: mi) else {
            preconditionFailure("not a wall clock")
        }
        return wall
    }

    static let cases: [Case] = [
        Case(
            zone: "Europe/Berlin", gap: (wall(2024, 3, 31, 2, 30), "2024-03-31T01:30:00Z"),
            overlap: (wall(2024, 10, 27, 2, 30), "2024-10-27T00:30:00Z", "2024-10-27T01:30:00Z")),
        Case(
            zone: "America/New_York", gap: (wall(2024, 3, 10, 2, 30), "2024-03-10T07:30:00Z"),
            overlap: (wall(2023, 11, 5, 1, 30), "2023-11-05T05:30:00Z", "2023-11-05T06:30:00Z")),
        Case(
            zone: "Australia/Sydney", gap: (wall(2024, 10, 6, 2, 30), "2024-10-05T16:30:00Z"),
            overlap: (wall(2024, 4, 7, 2, 30), "2024-04-06T15:30:00Z", "2024-04-06T16:30:00Z")),
        // Read with the offset before the transition, a gap time lands after it (02:30
        // AEST → 03:30 AEDT). Lord Howe shifts 30 minutes at 02:00: the gap is
        // 02:00–02:30, the overlap 01:30–02:00.
        Case(
            zone: "Australia/Lord_Howe", gap: (wall(2024, 10, 6, 2, 15), "2024-10-05T15:45:00Z"),
            overlap: (wall(2024, 4, 7, 1, 45), "2024-04-06T14:45:00Z", "2024-04-06T15:15:00Z")),
    ]

    @Test(
        "a gap time shifts forward; an ambiguous time is the earlier instant unless the caller asks", arguments: cases)
    func transitions(_ testCase: Case) throws {
        let zone = try #require(TimeZone(identifier: testCase.zone))
        let resolver = LocalTimeResolver(timeZone: zone)
        let gap = resolver.resolve(testCase.gap.0)
        #expect(gap.kind == .skipped)
        #expect(gap.instant.rfc3339 == testCase.gap.1)
        let earlier = resolver.resolve(testCase.overlap.0)
        #expect(earlier.kind == .ambiguous)
        #expect(earlier.instant.rfc3339 == testCase.overlap.1)
        let later = resolver.resolve(testCase.overlap.0, choosing: .later)
        #expect(later.instant.rfc3339 == testCase.overlap.2)
        #expect(earlier.offsetSeconds - later.offsetSeconds == (testCase.zone == "Australia/Lord_Howe" ? 1800 : 3600))
        // The cached resolver agrees, on both sides of every transition.
        var cached = CachingLocalTimeResolver(timeZone: zone)
        for wall in [testCase.gap.0, testCase.overlap.0] {
            #expect(cached.resolve(wall) == resolver.resolve(wall))
            #expect(cached.resolve(wall, choosing: .later) == resolver.resolve(wall, choosing: .later))
        }
    }

    @Test("an ordinary time is unique and carries the zone's offset")
    func ordinary() throws {
        let zone = try #require(TimeZone(identifier: "Asia/Kathmandu"))
        var cached = CachingLocalTimeResolver(timeZone: zone)
        let resolved = cached.resolve(Self.wall(2024, 6, 1, 12, 0))
        #expect(resolved.kind == .unique)
        #expect(resolved.offsetMinutes == 345)
        #expect(resolved.instant.rfc3339 == "2024-06-01T06:15:00Z")
    }
}
