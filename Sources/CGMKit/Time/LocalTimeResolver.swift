#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Turns a zone-less wall clock (what Clarity and LibreView exports write) into a UTC
/// instant under an IANA time zone's rules, using the platform's time-zone database
/// (Foundation's `TimeZone`), never a table of its own and never the machine's zone.
///
/// SPEC §9:
/// - a wall clock the zone shows once is that instant;
/// - a wall clock in a spring-forward gap (the zone never shows it) is shifted forward
///   by the gap: it is read with the offset in force before the transition, which
///   lands after it (02:30 on a 1-hour spring-forward day is 03:30);
/// - a wall clock in a fall-back overlap (the zone shows it twice) is the earlier
///   instant unless the caller asks for the later one (``Choice``), which it does
///   only when the file itself tells the two apart.
///
/// The offset is computed with `TimeZone.secondsFromGMT(for:)` around the wall clock,
/// so transitions at any minute (Australia/Lord_Howe's 30-minute shift at 02:00) work as
/// the database says. A day whose offset does not change is cached, so resolving the
/// rows of a long file costs one dictionary lookup each.
///
/// On Linux, `TimeZone(identifier:)` finds IANA zones only once FoundationInternationalization
/// is loaded in the process; this type takes a `TimeZone` value, and the `cgm` command
/// makes it (Docs/Performance.md).
@_spi(AdapterSupport)
public struct LocalTimeResolver: Sendable {
    /// Which instant an ambiguous wall clock means.
    public enum Choice: Sendable, Hashable {
        /// The first time the clock showed it (SPEC §9's default).
        case earlier
        /// The second time, after the clocks went back.
        case later
    }

    /// How a wall clock related to the zone's transitions.
    public enum Kind: Sendable, Hashable {
        /// The zone shows the wall clock exactly once.
        case unique
        /// The wall clock falls in a spring-forward gap; it was shifted forward.
        case skipped
        /// The zone shows the wall clock twice; ``Resolution/instant`` is the chosen one.
        case ambiguous
    }

    /// A resolved wall clock.
    public struct Resolution: Sendable, Hashable {
        /// The UTC instant.
        public var instant: CGMInstant
        /// The zone's offset from UTC at ``instant``, in seconds east.
        public var offsetSeconds: Int
        /// Whether the wall clock was unique, skipped or ambiguous.
        public var kind: Kind
        /// For an ambiguous wall clock, the earlier and later instants.
        public var candidates: (earlier: CGMInstant, later: CGMInstant)? {
            guard kind == .ambiguous, let other else { return nil }
            return instant < other ? (instant, other) : (other, instant)
        }
        var other: CGMInstant?

        /// The zone's offset in whole minutes east of UTC (the unified schema's `utcOffset`).
        public var offsetMinutes: Int {
            let minutes = Double(offsetSeconds) / 60
            return Int(minutes.rounded(.toNearestOrAwayFromZero))
        }

        /// Equal when instant, offset and kind are.
        public static func == (lhs: Resolution, rhs: Resolution) -> Bool {
            lhs.instant == rhs.instant && lhs.offsetSeconds == rhs.offsetSeconds && lhs.kind == rhs.kind
        }

        /// Hashes instant, offset and kind.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(instant)
            hasher.combine(offsetSeconds)
            hasher.combine(kind)
        }
    }

    /// The zone whose rules apply.
    public let timeZone: TimeZone

    /// A resolver for `timeZone`.
    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// The instant the zone's clock showed `wallClock`, choosing `choice` when it
    /// showed it twice.
    public func resolve(_ wallClock: LocalDateTime, choosing choice: Choice = .earlier) -> Resolution {
        let asUTC = wallClock.millisecondsSince1970AsUTC
        let day: Int64 = 86_400_000
        // Offsets in force a day either side cover every transition of the wall clock's day.
        let candidates = [offset(atMilliseconds: asUTC - day), offset(atMilliseconds: asUTC + day)]
        var instants: [(instant: Int64, offset: Int)] = []
        for candidate in Set(candidates + [offset(atMilliseconds: asUTC)]).sorted() {
            let instant = asUTC - Int64(candidate) * 1000
            if offset(atMilliseconds: instant) == candidate { instants.append((instant, candidate)) }
        }
        instants.sort { $0.instant < $1.instant }
        switch instants.count {
        case 1:
            return Resolution(
                instant: CGMInstant(millisecondsSince1970: instants[0].instant), offsetSeconds: instants[0].offset,
                kind: .unique)
        case 0:
            // A gap: read with the offset before the transition (the smaller one for a
            // spring-forward), which lands after it.
            let before = offset(atMilliseconds: asUTC - day)
            let instant = asUTC - Int64(before) * 1000
            return Resolution(
                instant: CGMInstant(millisecondsSince1970: instant), offsetSeconds: offset(atMilliseconds: instant),
                kind: .skipped)
        default:
            let first = instants[0]
            let last = instants[instants.count - 1]
            let chosen = choice == .earlier ? first : last
            let other = choice == .earlier ? last : first
            return Resolution(
                instant: CGMInstant(millisecondsSince1970: chosen.instant), offsetSeconds: chosen.offset,
                kind: .ambiguous, other: CGMInstant(millisecondsSince1970: other.instant))
        }
    }

    private func offset(atMilliseconds milliseconds: Int64) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}

/// A ``LocalTimeResolver`` that remembers the days whose offset does not change, for
/// importers that resolve thousands of rows.
@_spi(AdapterSupport)
public struct CachingLocalTimeResolver: Sendable {
    /// The resolver behind the cache.
    public let resolver: LocalTimeResolver
    private var uniformOffsets: [Int64: Int?] = [:]

    /// A caching resolver for `timeZone`.
    public init(timeZone: TimeZone) {
        self.resolver = LocalTimeResolver(timeZone: timeZone)
    }

    /// What ``LocalTimeResolver/resolve(_:choosing:)`` answers, from the cache when the
    /// wall clock's day (with a day's margin either side) has one offset throughout.
    public mutating func resolve(
        _ wallClock: LocalDateTime, choosing choice: LocalTimeResolver.Choice = .earlier
    ) -> LocalTimeResolver.Resolution {
        let asUTC = wallClock.millisecondsSince1970AsUTC
        let dayNumber = asUTC >= 0 ? asUTC / 86_400_000 : (asUTC - 86_399_999) / 86_400_000
        let uniform: Int?
        if let cached = uniformOffsets[dayNumber] {
            uniform = cached
        } else {
            uniform = uniformOffset(dayStart: dayNumber * 86_400_000)
            uniformOffsets[dayNumber] = uniform
        }
        if let uniform {
            return LocalTimeResolver.Resolution(
                instant: CGMInstant(millisecondsSince1970: asUTC - Int64(uniform) * 1000), offsetSeconds: uniform,
                kind: .unique)
        }
        return resolver.resolve(wallClock, choosing: choice)
    }

    /// The offset in force from a day before `dayStart` (a wall-clock midnight read as
    /// UTC) to two days after it, or `nil` when the zone changes offset in between.
    private func uniformOffset(dayStart: Int64) -> Int? {
        let zone = resolver.timeZone
        let from = Date(timeIntervalSince1970: Double(dayStart - 86_400_000) / 1000)
        let to = Date(timeIntervalSince1970: Double(dayStart + 2 * 86_400_000) / 1000)
        let offset = zone.secondsFromGMT(for: from)
        guard zone.secondsFromGMT(for: to) == offset else { return nil }
        if let transition = zone.nextDaylightSavingTimeTransition(after: from), transition <= to { return nil }
        return offset
    }
}
