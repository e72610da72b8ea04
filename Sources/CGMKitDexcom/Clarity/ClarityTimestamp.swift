@_spi(AdapterSupport) import CGMKit

/// Clarity's `Timestamp (YYYY-MM-DDThh:mm:ss)`: the display device's wall clock, no
/// zone, no fraction (fact sheet `librelinkup.md` §6.2). Also read: a space instead of
/// `T` and a 1-digit hour (`2025-05-01 0:01:47`, an Excel re-save), and missing seconds.
enum ClarityTimestamp {
    /// The wall clock in `bytes`, or `nil` when it is not one of the forms or not a real moment.
    static func parse(_ bytes: ArraySlice<UInt8>) -> LocalDateTime? {
        var index = bytes.startIndex
        func number(maxDigits: Int, minDigits: Int) -> Int? {
            var value = 0
            var digits = 0
            while index < bytes.endIndex, digits < maxDigits, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                value = value * 10 + Int(bytes[index] - 0x30)
                digits += 1
                index += 1
            }
            return digits >= minDigits ? value : nil
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < bytes.endIndex, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(maxDigits: 4, minDigits: 4), expect(0x2D),
            let month = number(maxDigits: 2, minDigits: 1), expect(0x2D),
            let day = number(maxDigits: 2, minDigits: 1)
        else { return nil }
        guard expect(0x54) || expect(0x20) else { return nil }
        guard let hour = number(maxDigits: 2, minDigits: 1), expect(0x3A),
            let minute = number(maxDigits: 2, minDigits: 2)
        else { return nil }
        var second = 0
        if expect(0x3A) {
            guard let parsed = number(maxDigits: 2, minDigits: 2) else { return nil }
            second = parsed
        }
        guard index == bytes.endIndex else { return nil }
        return LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// Clarity's `Duration (hh:mm:ss)` in minutes (`00:20:00` is 20), or `nil`.
    static func minutes(_ text: String) -> Double? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let hours = Int(parts[0]), let minutes = Int(parts[1]), let seconds = Int(parts[2]),
            hours >= 0, hours < 10_000, (0..<60).contains(minutes), (0..<60).contains(seconds)
        else { return nil }
        return Double(hours * 60 + minutes) + Double(seconds) / 60
    }
}
