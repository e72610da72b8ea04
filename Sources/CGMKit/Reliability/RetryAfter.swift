/// Reads an HTTP `Retry-After` field (RFC 9110 §10.2.3): delay-seconds or an
/// HTTP-date (IMF-fixdate, the obsolete RFC 850 form, or asctime).
///
/// The result is a delay in milliseconds from `now`, never negative: a date in the
/// past means 0. Values that are neither form (`-1`, `abc`, `1e9`) are ignored. With
/// several fields, the longest valid delay wins: waiting too long is safe, waiting
/// too little is not. Either form is capped at 10^9 seconds (about 31 years), so the
/// arithmetic cannot overflow and both forms mean the same at the cap.
@_spi(AdapterSupport)
public enum RetryAfter {
    /// The delay the fields ask for, or `nil` when none is valid.
    public static func delayMilliseconds(_ values: [String], now: CGMInstant) -> Int64? {
        values.compactMap { delayMilliseconds($0, now: now) }.max()
    }

    /// Whole seconds for a delay in milliseconds, rounded up (for ``CGMError/retryAfterSeconds``).
    public static func seconds(fromMilliseconds milliseconds: Int64) -> Int {
        Int((max(0, milliseconds) + 999) / 1000)
    }

    /// The delay one field value asks for, or `nil` when it is not valid.
    public static func delayMilliseconds(_ value: String, now: CGMInstant) -> Int64? {
        let text = value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")[...]
        if let seconds = seconds(text) { return seconds * 1000 }
        guard let date = HTTPDate.parse(text) else { return nil }
        let (delay, overflow) = date.millisecondsSince1970.subtractingReportingOverflow(now.millisecondsSince1970)
        if overflow { return now.millisecondsSince1970 < 0 ? maximumMilliseconds : 0 }
        return min(max(0, delay), maximumMilliseconds)
    }

    /// The cap on a delay: 10^9 seconds.
    static let maximumMilliseconds: Int64 = 1_000_000_000_000

    private static func seconds(_ text: Substring) -> Int64? {
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        var value: Int64 = 0
        for byte in bytes {
            value = value * 10 + Int64(byte - 0x30)
            if value > 1_000_000_000 { return 1_000_000_000 }
        }
        return value
    }
}

/// The three HTTP-date forms of RFC 9110 §5.6.7, always GMT.
enum HTTPDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let shortDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let longDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// The instant, or `nil` when `text` is not an HTTP-date.
    static func parse(_ text: Substring) -> CGMInstant? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        if words.count == 6, words[0].hasSuffix(","), shortDays.contains(String(words[0].dropLast())),
            words[5] == "GMT",
            let day = number(words[1], digits: 2), let month = month(words[2]), let year = number(words[3], digits: 4)
        {
            return instant(year: year, month: month, day: day, time: words[4])
        }
        // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT (a two-digit year below 70 is read as 20xx, else 19xx)
        if words.count == 4, words[0].hasSuffix(","), longDays.contains(String(words[0].dropLast())), words[3] == "GMT"
        {
            let parts = words[1].split(separator: "-", omittingEmptySubsequences: false)
            if parts.count == 3, let day = number(parts[0], digits: 2), let month = month(parts[1]),
                let shortYear = number(parts[2], digits: 2)
            {
                return instant(
                    year: shortYear < 70 ? 2000 + shortYear : 1900 + shortYear, month: month, day: day,
                    time: words[2])
            }
        }
        // asctime: Sun Nov  6 08:49:37 1994
        if words.count == 5, shortDays.contains(String(words[0])), let month = month(words[1]),
            let day = number(words[2], digits: 1...2), let year = number(words[4], digits: 4)
        {
            return instant(year: year, month: month, day: day, time: words[3])
        }
        return nil
    }

    private static func instant(year: Int, month: Int, day: Int, time: Substring) -> CGMInstant? {
        let parts = time.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let hour = number(parts[0], digits: 2), let minute = number(parts[1], digits: 2),
            let second = number(parts[2], digits: 2), hour < 24, minute < 60, second < 60,
            (1...12).contains(month), (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        let days = CivilCalendar.daysSinceEpoch(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return CGMInstant(millisecondsSince1970: seconds * 1000)
    }

    private static func month(_ word: Substring) -> Int? {
        months.firstIndex(of: String(word)).map { $0 + 1 }
    }

    private static func number(_ word: Substring, digits: Int) -> Int? {
        number(word, digits: digits...digits)
    }

    private static func number(_ word: Substring, digits: ClosedRange<Int>) -> Int? {
        let bytes = word.utf8
        guard digits.contains(bytes.count), bytes.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}
