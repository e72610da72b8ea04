@_spi(AdapterSupport) import CGMKit

/// A LibreView `Device Timestamp` as written: local wall clock, no zone, usually no
/// seconds (fact sheet `librelinkup.md` §5.3). Forms read: `MM-DD-YYYY hh:mm AM|PM`,
/// `DD-MM-YYYY HH:mm`, `YYYY-MM-DD HH:mm`, with `-`, `/` or `.` between date parts,
/// 1- or 2-digit day, month and hour, optional seconds, spaces around it ignored.
struct LibreViewTimestamp: Sendable, Hashable {
    /// The first and second date numbers (day and month in some order), or month and
    /// day after a leading year.
    var first: Int
    var second: Int
    var year: Int
    var yearFirst: Bool
    var hour: Int
    var minute: Int
    var seconds: Int
    /// Whether the time has `AM` or `PM`.
    var twelveHour: Bool

    /// The parsed text, or `nil` when it is none of the forms.
    init?(_ bytes: ArraySlice<UInt8>) {
        var scanner = ASCIIScanner(bytes)
        let dateSeparators: [UInt8] = [0x2D, 0x2F, 0x2E]
        guard let part1 = scanner.digits(max: 4), let dateSeparator = scanner.expect(oneOf: dateSeparators),
            let part2 = scanner.digits(max: 2), scanner.expect(dateSeparator), let part3 = scanner.digits(max: 4)
        else { return nil }
        if part1.count == 4 {
            guard part3.count <= 2 else { return nil }
            (first, second, year, yearFirst) = (part2.value, part3.value, part1.value, true)
        } else {
            guard part1.count <= 2, part3.count == 4 else { return nil }
            (first, second, year, yearFirst) = (part1.value, part2.value, part3.value, false)
        }
        guard scanner.skipSpaces() > 0 || scanner.expect(0x54),
            let hourPart = scanner.number(digits: 1...2), scanner.expect(0x3A),
            let minutePart = scanner.number(digits: 2...2)
        else { return nil }
        hour = hourPart
        minute = minutePart
        seconds = 0
        if scanner.expect(0x3A) {
            guard let secondPart = scanner.number(digits: 2...2) else { return nil }
            seconds = secondPart
        }
        twelveHour = false
        if scanner.skipSpaces() > 0, !scanner.isAtEnd {
            guard let afternoon = scanner.meridiem(), (1...12).contains(hour) else { return nil }
            twelveHour = true
            hour = hour % 12 + (afternoon ? 12 : 0)
        }
        guard scanner.isAtEnd else { return nil }
    }

    /// The wall clock under `order`, or `nil` when it names no real moment.
    func wallClock(_ order: LibreViewDateOrder) -> LocalDateTime? {
        let (month, day) = yearFirst || order == .monthFirst ? (first, second) : (second, first)
        return LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: seconds)
    }

    /// What the file's timestamps say about the date order.
    struct Evidence {
        var dayFirst = false
        var monthFirst = false
        var twelveHour = false
        var undecided = false

        mutating func note(_ stamp: LibreViewTimestamp) {
            if stamp.yearFirst { return }
            if stamp.twelveHour { twelveHour = true }
            if stamp.first > 12 { dayFirst = true }
            if stamp.second > 12 { monthFirst = true }
            if stamp.first <= 12, stamp.second <= 12, stamp.first != stamp.second { undecided = true }
        }

        /// The order the whole file shows: a day above 12 in one place decides it; with
        /// none, a 12-hour clock means month-first (every sample, §5.3); `nil` when the
        /// file shows both orders or nothing decides.
        var inferred: LibreViewDateOrder?? {
            if dayFirst && monthFirst { return .some(nil) }
            if dayFirst { return .dayFirst }
            if monthFirst { return .monthFirst }
            if twelveHour { return .monthFirst }
            return undecided ? .some(nil) : .none
        }
    }
}
