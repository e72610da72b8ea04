/// SPEC §2.1's rule for readings relayed by uploaders: where records carry no vendor
/// identity (Dexcom Share, Nightscout), two readings less than 30 seconds apart with
/// the same value and status are one measurement uploaded twice (two uploaders, or a
/// phone and a watch), so one is kept and the other dropped like an identical repeat,
/// with no issue.
///
/// Which copy is kept: the richer one (more of trend, trend rate, display time, UTC
/// offset and device fields known), else the earlier, else the one whose id sorts
/// first. Copies are grouped in time order: a reading joins the group of an earlier
/// reading with the same value and status when it is less than ``windowMilliseconds``
/// after that group's first reading, so a chain of copies never stretches a group
/// beyond the window.
///
/// Sources: loopandlearn/LoopFollow PR #661 (Share returns each reading twice, 9–10 s
/// apart, when the iPhone and Watch apps both upload), LoopKit/Loop#1788 (duplicate
/// Nightscout SGVs with different `device` strings), cgm-remote-monitor#721.
///
/// ```swift
/// var assembler = BatchAssembler(provider: "myuploader", relayedCopies: .uploaderRelayed)
/// ```
public struct RelayedCopyRule: Sendable, Hashable {
    /// Readings closer than this (in milliseconds) can be copies of one measurement.
    public var windowMilliseconds: Int64

    /// Creates a rule with a window in milliseconds (at least 1).
    public init(windowMilliseconds: Int64) {
        self.windowMilliseconds = max(windowMilliseconds, 1)
    }

    /// SPEC §2.1's rule: copies are less than 30 seconds apart.
    public static let uploaderRelayed = RelayedCopyRule(windowMilliseconds: 30_000)

    /// Whether `copy` may be a relayed copy of `reading`: less than the window apart,
    /// the same status and the same value (both absent counts as the same).
    public func areCopies(_ reading: GlucoseReading, _ copy: GlucoseReading) -> Bool {
        let (gap, overflow) = reading.time.instant.millisecondsSince1970
            .subtractingReportingOverflow(copy.time.instant.millisecondsSince1970)
        return !overflow && gap.magnitude < UInt64(windowMilliseconds)
            && reading.status == copy.status && reading.glucose == copy.glucose
    }

    /// Which of two copies of one measurement is kept: the richer, else the earlier,
    /// else `kept` (the one seen first).
    public func preferred(_ kept: GlucoseReading, _ copy: GlucoseReading) -> GlucoseReading {
        let (keptRichness, copyRichness) = (Self.richness(kept), Self.richness(copy))
        if copyRichness != keptRichness { return copyRichness > keptRichness ? copy : kept }
        return copy.time.instant < kept.time.instant ? copy : kept
    }

    /// `readings` (sorted by time, then id) without relayed copies, still sorted.
    public func removingCopies(from readings: [GlucoseReading]) -> [GlucoseReading] {
        guard readings.count > 1 else { return readings }
        // Sorted by time, any two readings closer than the window include two neighbours
        // closer than it; a regular series (every 1 or 5 minutes) has none and costs one pass.
        var hasCloseNeighbours = false
        for index in 1..<readings.count {
            let (gap, overflow) = readings[index].time.instant.millisecondsSince1970
                .subtractingReportingOverflow(readings[index - 1].time.instant.millisecondsSince1970)
            if overflow || gap < windowMilliseconds {
                hasCloseNeighbours = true
                break
            }
        }
        guard hasCloseNeighbours else { return readings }
        // Groups still open: their first reading's time and the copy kept so far.
        var open: [(start: CGMInstant, kept: Int)] = []
        var kept: [GlucoseReading] = []
        kept.reserveCapacity(readings.count)
        var merged = false
        for reading in readings {
            let instant = reading.time.instant
            open.removeAll { group in
                let (gap, overflow) = instant.millisecondsSince1970
                    .subtractingReportingOverflow(group.start.millisecondsSince1970)
                return overflow || gap >= windowMilliseconds
            }
            if let group = open.first(where: { group in
                let incumbent = kept[group.kept]
                return incumbent.status == reading.status && incumbent.glucose == reading.glucose
            }) {
                merged = true
                kept[group.kept] = preferred(kept[group.kept], reading)
                continue
            }
            open.append((instant, kept.count))
            kept.append(reading)
        }
        guard merged else { return readings }
        kept.sortByTimeThenID()
        return kept
    }

    /// How many optional facts a reading carries.
    static func richness(_ reading: GlucoseReading) -> Int {
        var count = 0
        if reading.trend != .unknown { count += 1 }
        if reading.trendRate != nil { count += 1 }
        if reading.time.displayTime != nil { count += 1 }
        if reading.time.utcOffsetMinutes != nil { count += 1 }
        if let device = reading.device {
            for field in [
                device.generation, device.generationVariant, device.displayDevice, device.displayApp,
                device.transmitterID,
            ] where field != nil {
                count += 1
            }
        }
        return count
    }
}
