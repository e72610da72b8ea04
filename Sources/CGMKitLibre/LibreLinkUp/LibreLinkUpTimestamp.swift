@_spi(AdapterSupport) import CGMKit

/// LibreLinkUp's timestamp text, `M/d/yyyy h:mm:ss AM|PM` (`12/30/2022 4:47:40 PM`), read
/// byte by byte: no locale, no calendar object, no machine time zone (SPEC §3.5, §8).
///
/// The grammar, from every captured payload (fact sheet `librelinkup.md` §0.2, §2.2):
/// - month 1–2 digits (1–12), `/`, day 1–2 digits (a real day of that month), `/`,
///   year exactly 4 digits;
/// - one space, hour 1–2 digits (1–12), `:`, minute 2 digits, `:`, second 2 digits;
/// - one space, `AM` or `PM` (either case). `12 AM` is midnight, `12 PM` noon.
///
/// Anything else is refused (`nil`): `2/30/2025`, `13:00:00 PM`, `0:15:00 AM`, a 24-hour
/// clock without the marker, surrounding spaces, fractions, zones, day-first dates.
/// The text has no zone: `FactoryTimestamp` is read as UTC, `Timestamp` as the phone's
/// wall clock.
public enum LibreLinkUpTimestamp {
    /// The longest accepted text: `12/31/2025 12:59:59 PM`.
    public static let maximumLength = 22

    /// The wall clock the text names, or `nil` when it is not exactly the format.
    public static func parse(_ text: String) -> LocalDateTime? {
        parse(bytes: text.utf8)
    }

    /// The wall clock of the bytes, or `nil`.
    public static func parse(bytes: some Collection<UInt8>) -> LocalDateTime? {
        guard bytes.count <= maximumLength else { return nil }
        var scanner = ASCIIScanner(ArraySlice(bytes))
        guard let month = scanner.number(digits: 1...2), scanner.expect(UInt8(ascii: "/")),
            let day = scanner.number(digits: 1...2), scanner.expect(UInt8(ascii: "/")),
            let year = scanner.number(digits: 4...4), scanner.expect(UInt8(ascii: " ")),
            let hour12 = scanner.number(digits: 1...2), scanner.expect(UInt8(ascii: ":")),
            let minute = scanner.number(digits: 2...2), scanner.expect(UInt8(ascii: ":")),
            let second = scanner.number(digits: 2...2), scanner.expect(UInt8(ascii: " ")),
            let afternoon = scanner.meridiem(), scanner.isAtEnd,
            (1...12).contains(hour12)
        else { return nil }
        let hour = hour12 % 12 + (afternoon ? 12 : 0)
        return LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }
}
