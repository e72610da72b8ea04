import CGMKit
import CGMKitLibre
import Testing

/// The `M/d/yyyy h:mm:ss AM|PM` parser over a table of vectors. It reads bytes with no
/// locale and no zone, so the results are the same under any `TZ`: CI re-runs this suite
/// under `TZ=Pacific/Kiritimati`, `TZ=America/St_Johns` and `TZ=UTC` (`.ci/run`).
@Suite("LibreLinkUp timestamps")
struct LibreLinkUpTimestampTests {
    /// Accepted texts and the wall clock each names (`yyyy-MM-ddTHH:mm:ss`).
    static let accepted: [(String, String)] = [
        ("12/30/2022 4:47:40 PM", "2022-12-30T16:47:40"),
        ("1/8/2026 3:41:27 PM", "2026-01-08T15:41:27"),
        ("1/8/2026 4:41:27 PM", "2026-01-08T16:41:27"),
        ("6/19/2026 4:53:26 PM", "2026-06-19T16:53:26"),
        ("1/22/2025 1:29:12 AM", "2025-01-22T01:29:12"),
        ("1/21/2025 10:29:12 PM", "2025-01-21T22:29:12"),
        ("1/1/2025 12:00:00 AM", "2025-01-01T00:00:00"),
        ("1/1/2025 12:00:01 AM", "2025-01-01T00:00:01"),
        ("1/1/2025 12:59:59 AM", "2025-01-01T00:59:59"),
        ("1/1/2025 1:00:00 AM", "2025-01-01T01:00:00"),
        ("1/1/2025 11:59:59 AM", "2025-01-01T11:59:59"),
        ("1/1/2025 12:00:00 PM", "2025-01-01T12:00:00"),
        ("1/1/2025 12:59:59 PM", "2025-01-01T12:59:59"),
        ("1/1/2025 1:00:00 PM", "2025-01-01T13:00:00"),
        ("1/1/2025 11:59:59 PM", "2025-01-01T23:59:59"),
        ("12/31/2025 11:59:59 PM", "2025-12-31T23:59:59"),
        ("2/28/2025 6:00:00 AM", "2025-02-28T06:00:00"),
        ("2/29/2024 6:00:00 AM", "2024-02-29T06:00:00"),
        ("2/29/2000 6:00:00 AM", "2000-02-29T06:00:00"),
        ("4/30/2026 9:05:07 PM", "2026-04-30T21:05:07"),
        ("01/08/2026 03:41:27 PM", "2026-01-08T15:41:27"),
        ("10/26/2025 2:30:00 AM", "2025-10-26T02:30:00"),
        ("3/29/2026 3:00:00 AM", "2026-03-29T03:00:00"),
        ("11/2/2025 1:30:00 AM", "2025-11-02T01:30:00"),
        ("1/8/2026 3:41:27 pm", "2026-01-08T15:41:27"),
        ("1/8/2026 3:41:27 am", "2026-01-08T03:41:27"),
        // yyyy is four digits, leading zeros included (a fuzzing find: FailCases/FuzzLibreLinkUpTime).
        ("6/19/0226 4:53:26 PM", "0226-06-19T16:53:26"),
    ]

    /// Texts that name no moment in exactly this format.
    static let refused: [String] = [
        "2/30/2025 8:10:00 AM", "2/29/2025 8:10:00 AM", "2/29/1900 8:10:00 AM", "4/31/2026 1:00:00 PM",
        "13/1/2026 1:00:00 PM", "0/1/2026 1:00:00 PM", "1/0/2026 1:00:00 PM", "1/32/2026 1:00:00 PM",
        "1/12/2026 13:00:00 PM", "1/12/2026 0:20:00 AM", "1/12/2026 00:20:00 PM", "1/12/2026 1:60:00 PM",
        "1/12/2026 1:00:60 PM", "1/12/2026 1:5:00 PM", "1/12/2026 1:05:0 PM", "1/12/2026 1:05:00",
        "1/12/2026 13:05:00", "1/12/2026 1:05:00 XM", "1/12/2026 1:05:00 P", "1/12/2026 1:05:00 PMX",
        "1/12/2026 1:05:00PM", "1/12/2026  1:05:00 PM", " 1/12/2026 1:05:00 PM", "1/12/2026 1:05:00 PM ",
        "1/12/26 1:05:00 PM", "1/12/02026 1:05:00 PM", "001/12/2026 1:05:00 PM", "1/12/2026 1:05:00.5 PM",
        "2026-01-12T08:45:00Z", "14/1/2025 3:30:00 PM", "1-12-2026 1:05:00 PM", "1/12/2026 1:05 PM",
        "1/12/2026 1:05:00 PM UTC", "", "PM", "1/12/2026 +1:05:00 PM", "1/12/2026 1:05:00 ＰＭ",
        "1/12/0000 1:05:00 PM", "١/12/2026 1:05:00 PM", "1/12/2026 1:05:00 A.M.",
    ]

    @Test("the table is large enough")
    func tableSize() {
        #expect(Self.accepted.count + Self.refused.count >= 40)
    }

    @Test("accepted texts name their wall clock", arguments: accepted)
    func accepts(vector: (String, String)) {
        #expect(LibreLinkUpTimestamp.parse(vector.0)?.iso8601 == vector.1)
    }

    @Test("impossible or misshapen texts are refused", arguments: refused)
    func refuses(text: String) {
        #expect(LibreLinkUpTimestamp.parse(text) == nil)
    }

    /// `FactoryTimestamp` is UTC whatever the machine's zone: the instant of a fixed text
    /// is a fixed number of seconds (the suite runs under several `TZ` in CI).
    @Test("FactoryTimestamp becomes the same instant under any TZ")
    func instantIsZoneFree() throws {
        let batch = try normalizeLLU(
            graphAnswer([
                #""FactoryTimestamp":"3/29/2026 12:30:00 AM","Timestamp":"3/29/2026 1:30:00 AM","ValueInMgPerDl":100"#,
                #""FactoryTimestamp":"3/29/2026 1:30:00 AM","Timestamp":"3/29/2026 3:30:00 AM","ValueInMgPerDl":101"#,
            ]))
        #expect(batch.readings.map(\.time.instant.secondsSince1970) == [1_774_744_200, 1_774_747_800])
        #expect(batch.readings.map(\.time.utcOffsetMinutes) == [60, 120])
        #expect(batch.readings.map { $0.time.displayTime?.iso8601 } == ["2026-03-29T01:30:00", "2026-03-29T03:30:00"])
    }
}
