@_spi(AdapterSupport) import CGMKit

/// Maps a `/dataRange` response to a ``DataRange``, from each part's `systemTime`.
enum DexcomV3DataRangeMapper {
    static func map(_ object: JSONObject, issues: inout [NormalizationIssue]) -> DataRange {
        DataRange(
            readings: span("egvs", in: object, issues: &issues),
            calibrations: span("calibrations", in: object, issues: &issues),
            events: span("events", in: object, issues: &issues)
        )
    }

    private static func span(
        _ key: String, in object: JSONObject,
        issues: inout [NormalizationIssue]
    ) -> DataRange.Span? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let part = value.objectValue else {
            issues.append(NormalizationIssue(index: nil, code: .invalidValue, message: "\(key) is not an object"))
            return nil
        }
        guard let start = instant(part, "start", key, issues: &issues),
            let end = instant(part, "end", key, issues: &issues)
        else { return nil }
        return DataRange.Span(start: start, end: end)
    }

    private static func instant(
        _ part: JSONObject, _ bound: String, _ key: String,
        issues: inout [NormalizationIssue]
    ) -> CGMInstant? {
        guard let text = part[bound]?.objectValue?["systemTime"]?.stringValue,
            let timestamp = ISO8601Timestamp(text)
        else {
            issues.append(
                NormalizationIssue(
                    index: nil, code: .invalidTimestamp,
                    message: "\(key).\(bound).systemTime is missing or not a valid date"))
            return nil
        }
        return timestamp.instantAssumingUTC
    }
}
