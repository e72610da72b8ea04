@_spi(AdapterSupport) import CGMKit

/// A half-open span of system time, `[start, end)`, fetched with one request per
/// endpoint: Dexcom reads `startDate` as inclusive and `endDate` as exclusive.
/// Both ends fall on whole seconds, the precision of Dexcom's query parameters.
public struct DexcomV3Window: Sendable, Hashable, PHIRedacting {
    /// The first instant included.
    public let start: CGMInstant
    /// The first instant after the window.
    public let end: CGMInstant

    /// Creates a window.
    public init(start: CGMInstant, end: CGMInstant) {
        self.start = start
        self.end = end
    }

    /// The longest window Dexcom v3 serves: 30 days.
    public static let maximumMilliseconds: Int64 = 30 * 86_400_000

    /// Windows of at most `maximumMilliseconds` that tile `[start, end)` in order, with
    /// no gap and no overlap. `start` is rounded down and `end` up to whole seconds.
    /// Empty when `end` is not after `start`.
    public static func plan(
        from start: CGMInstant, to end: CGMInstant,
        maximumMilliseconds: Int64 = maximumMilliseconds
    ) -> [DexcomV3Window] {
        let limit = Int64.max / 4
        let first = CGMInstant(
            millisecondsSince1970:
                CGMInstant(millisecondsSince1970: max(-limit, min(limit, start.millisecondsSince1970))).secondsSince1970
                * 1000)
        let clampedEnd = max(-limit, min(limit, end.millisecondsSince1970))
        let endSeconds = clampedEnd / 1000 + (clampedEnd % 1000 > 0 ? 1 : 0)
        let last = CGMInstant(millisecondsSince1970: endSeconds * 1000)
        let step = max(1000, maximumMilliseconds / 1000 * 1000)
        var windows: [DexcomV3Window] = []
        var cursor = first
        while cursor < last {
            let next = min(last, cursor.adding(milliseconds: step))
            windows.append(DexcomV3Window(start: cursor, end: next))
            cursor = next
        }
        return windows
    }

    /// The `startDate`/`endDate` query value: UTC wall time with seconds and no zone,
    /// as Dexcom documents (`2022-02-06T09:12:35`).
    static func queryText(_ instant: CGMInstant) -> String {
        CGMInstant(millisecondsSince1970: instant.secondsSince1970 * 1000).utcDateTime.iso8601
    }
}
