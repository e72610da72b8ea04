@_spi(AdapterSupport) import CGMKit

/// Nightscout's time fields.
///
/// - `date` and `mills` are epoch milliseconds (a number, sometimes a string); only
///   instants from 2000 to 2100 are believed, so a value in seconds is caught.
/// - `dateString`, `sysTime`, `created_at` are ISO 8601 with `Z` or an offset. A time
///   with no zone is rejected: Nightscout never means local time there, and guessing
///   would shift the reading.
/// - `utcOffset` is minutes east of UTC. A string's offset is used as the display
///   offset too, unless it is `Z` (which says "converted to UTC", not "the wearer is
///   in London").
enum NightscoutTime {
    /// 2000-01-01 and 2100-01-01 in epoch milliseconds.
    static let plausible: ClosedRange<Int64> = 946_684_800_000...4_102_444_800_000

    /// An epoch-millisecond instant, or `nil`.
    static func epochMilliseconds(_ record: RecordReader, _ key: String) -> CGMInstant? {
        guard let number = record.number(key).value, number >= Double(plausible.lowerBound),
            number <= Double(plausible.upperBound)
        else { return nil }
        return CGMInstant(millisecondsSince1970: Int64(number.rounded(.down)))
    }

    /// An ISO 8601 instant with the offset it was written in (`nil` for `Z`), or `nil`.
    static func iso(_ text: String) -> (instant: CGMInstant, offsetMinutes: Int?)? {
        guard let parsed = ISO8601Timestamp(text), let seconds = parsed.offsetSeconds else { return nil }
        let instant = parsed.dateTime.instant(offsetSeconds: seconds)
        guard plausible.contains(instant.millisecondsSince1970) else { return nil }
        let zulu = text.hasSuffix("Z") || text.hasSuffix("z")
        return (instant, zulu ? nil : parsed.offsetMinutesRounded)
    }

    /// The record's time from the first usable key: epoch keys hold milliseconds,
    /// the others ISO text. A key that is present but unusable adds a warning when a
    /// later key is used instead.
    static func recordTime(_ record: inout RecordReader, epochKeys: [String], isoKeys: [String]) -> RecordTime? {
        var instant: CGMInstant?
        var offset: Int?
        var broken: [String] = []
        for key in epochKeys where instant == nil {
            guard record.value(key) != nil else { continue }
            if let found = epochMilliseconds(record, key) { instant = found } else { broken.append(key) }
        }
        for key in isoKeys {
            guard let value = record.value(key) else { continue }
            guard let text = value.stringValue, let parsed = iso(text) else {
                if instant == nil { broken.append(key) }
                continue
            }
            if instant == nil { instant = parsed.instant }
            if offset == nil { offset = parsed.offsetMinutes }
            if instant != nil { break }
        }
        guard let instant else { return nil }
        for key in broken {
            record.warn(.invalidTimestamp, "\(key) is not a usable time; another time field was used")
        }
        if let declared = record.value("utcOffset") {
            if let minutes = declared.numberValue.flatMap({ Int(exactly: $0.doubleValue) }),
                (-1439...1439).contains(minutes)
            {
                offset = minutes
            } else {
                record.warn(.invalidValue, "utcOffset is not a whole number of minutes within a day")
            }
        }
        var time = RecordTime(instant: instant)
        if let offset {
            time.utcOffsetMinutes = offset
            time.displayTime = instant.adding(milliseconds: Int64(offset) * 60_000).utcDateTime
        }
        return time
    }
}
