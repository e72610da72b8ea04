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
        var index = bytes.startIndex
        func number(maxDigits: Int) -> (value: Int, digits: Int)? {
            var value = 0
            var digits = 0
            while index < bytes.endIndex, digits < maxDigits, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                value = value * 10 + Int(bytes[index] - 0x30)
                digits += 1
                index += 1
            }
            return digits > 0 ? (value, digits) : nil
        }
        func separator() -> UInt8? {
            guard index < bytes.endIndex, [0x2D, 0x2F, 0x2E].contains(bytes[index]) else { return nil }
            defer { index += 1 }
            return bytes[index]
        }
        func skipSpaces() -> Int {
            let start = index
            while index < bytes.endIndex, bytes[index] == 0x20 { index += 1 }
            return index - start
        }
        guard let part1 = number(maxDigits: 4), let dateSeparator = separator(), let part2 = number(maxDigits: 2),
            separator() == dateSeparator, let part3 = number(maxDigits: 4)
        else { return nil }
        if part1.digits == 4 {
            guard part3.digits <= 2 else { return nil }
            (first, second, year, yearFirst) = (part2.value, part3.value, part1.value, true)
        } else {
            guard part1.digits <= 2, part3.digits == 4 else { return nil }
            (first, second, year, yearFirst) = (part1.value, part2.value, part3.value, false)
        }
        if skipSpaces() == 0 {
            guard index < bytes.endIndex, bytes[index] == 0x54 else { return nil }
            index += 1
        }
        guard let hourPart = number(maxDigits: 2), index < bytes.endIndex, bytes[index] == 0x3A else { return nil }
        index += 1
        guard let minutePart = number(maxDigits: 2), minutePart.digits == 2 else { return nil }
        hour = hourPart.value
        minute = minutePart.value
        seconds = 0
        if index < bytes.endIndex, bytes[index] == 0x3A {
            index += 1
            guard let secondPart = number(maxDigits: 2), secondPart.digits == 2 else { return nil }
            seconds = secondPart.value
        }
        twelveHour = false
        if skipSpaces() > 0, index + 2 <= bytes.endIndex {
            let marker = (bytes[index] | 0x20, bytes[index + 1] | 0x20)
            guard marker.1 == 0x6D, marker.0 == 0x61 || marker.0 == 0x70, (1...12).contains(hour) else { return nil }
            twelveHour = true
            hour = hour % 12 + (marker.0 == 0x70 ? 12 : 0)
            index += 2
        }
        guard index == bytes.endIndex else { return nil }
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
