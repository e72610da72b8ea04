@_spi(AdapterSupport) import CGMKit

/// Clarity's `Timestamp (YYYY-MM-DDThh:mm:ss)`: the display device's wall clock, no
/// zone, no fraction (fact sheet `librelinkup.md` §6.2). Also read: a space instead of
/// `T` and a 1-digit hour (`2025-05-01 0:01:47`, an Excel re-save), and missing seconds.
enum ClarityTimestamp {
    /// The wall clock in `bytes`, or `nil` when it is not one of the forms or not a real moment.
    static func parse(_ bytes: ArraySlice<UInt8>) -> LocalDateTime? {
        var scanner = ASCIIScanner(bytes)
        guard let year = scanner.number(digits: 4...4), scanner.expect(0x2D),
            let month = scanner.number(digits: 1...2), scanner.expect(0x2D),
            let day = scanner.number(digits: 1...2),
            scanner.expect(0x54) || scanner.expect(0x20),
            let hour = scanner.number(digits: 1...2), scanner.expect(0x3A),
            let minute = scanner.number(digits: 2...2)
        else { return nil }
        var second = 0
        if scanner.expect(0x3A) {
            guard let parsed = scanner.number(digits: 2...2) else { return nil }
            second = parsed
        }
        guard scanner.isAtEnd else { return nil }
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
