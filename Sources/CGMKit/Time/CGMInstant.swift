#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A UTC instant with millisecond precision: the `time` of every record.
///
/// Stored as milliseconds since 1970-01-01T00:00:00Z so that ordering, equality and
/// formatting are exact and never depend on the machine's time zone.
public struct CGMInstant: Sendable, Hashable, Comparable, PHIRedacting {
    /// Milliseconds since 1970-01-01T00:00:00Z (negative before).
    public let millisecondsSince1970: Int64

    /// Creates an instant from milliseconds since the Unix epoch.
    public init(millisecondsSince1970: Int64) {
        self.millisecondsSince1970 = millisecondsSince1970
    }

    /// Creates an instant from a `Date`, truncated to the millisecond.
    /// Returns `nil` for dates outside ±292 million years.
    public init?(_ date: Date) {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded(.down)
        guard let exact = Int64(exactly: milliseconds) else { return nil }
        self.init(millisecondsSince1970: exact)
    }

    /// The same instant as a Foundation `Date`.
    public var date: Date {
        Date(timeIntervalSince1970: Double(millisecondsSince1970) / 1000)
    }

    /// Whole seconds since the epoch, rounded toward negative infinity.
    public var secondsSince1970: Int64 {
        let (quotient, remainder) = millisecondsSince1970.quotientAndRemainder(dividingBy: 1000)
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// The instant's UTC wall clock.
    public var utcDateTime: LocalDateTime {
        LocalDateTime(millisecondsSince1970: millisecondsSince1970)
    }

    /// The instants RFC 3339 (§5.6: a 4-digit year) and the unified schema's `instant`
    /// (`Schemas/common.schema.json`) can write: 0001-01-01T00:00:00Z through
    /// 9999-12-31T23:59:59.999Z. This is the one place the rule is stated: an importer
    /// whose wall clock resolves outside it skips the record with an `invalidTimestamp`
    /// issue (``isRFC3339Writable``), and `BatchAssembler` refuses such a record from
    /// any adapter.
    public static let rfc3339Range =
        CGMInstant(millisecondsSince1970: -62_135_596_800_000)...CGMInstant(millisecondsSince1970: 253_402_300_799_999)

    /// Whether ``rfc3339`` can write this instant exactly (it lies in ``rfc3339Range``).
    public var isRFC3339Writable: Bool { Self.rfc3339Range.contains(self) }

    /// RFC 3339 text with `Z`, milliseconds only when non-zero: `2025-04-19T16:43:33.817Z`.
    ///
    /// An instant outside ``rfc3339Range`` (which no importer produces) is written as the
    /// nearer end of the range, so the text always has a 4-digit year and validates
    /// against the schema.
    public var rfc3339: String {
        clampedToRFC3339Range.utcDateTime.iso8601 + "Z"
    }

    /// This instant, or the nearer end of ``rfc3339Range`` when it lies outside: what
    /// every writer of RFC 3339 text (``rfc3339``, the batch encoder) formats.
    public var clampedToRFC3339Range: CGMInstant {
        min(max(self, Self.rfc3339Range.lowerBound), Self.rfc3339Range.upperBound)
    }

    /// This instant moved by a number of milliseconds (saturating at the bounds).
    public func adding(milliseconds: Int64) -> CGMInstant {
        let (sum, overflow) = millisecondsSince1970.addingReportingOverflow(milliseconds)
        if overflow { return CGMInstant(millisecondsSince1970: milliseconds > 0 ? .max : .min) }
        return CGMInstant(millisecondsSince1970: sum)
    }

    /// Milliseconds from `earlier` to this instant (negative when `earlier` is later),
    /// saturating at `Int64.min`/`Int64.max` instead of overflowing: spans between untrusted
    /// instants never trap.
    public func milliseconds(since earlier: CGMInstant) -> Int64 {
        let (difference, overflow) = millisecondsSince1970.subtractingReportingOverflow(earlier.millisecondsSince1970)
        if overflow { return millisecondsSince1970 > earlier.millisecondsSince1970 ? .max : .min }
        return difference
    }

    /// Orders earlier instants first.
    public static func < (lhs: CGMInstant, rhs: CGMInstant) -> Bool {
        lhs.millisecondsSince1970 < rhs.millisecondsSince1970
    }
}
