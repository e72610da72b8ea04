import CGMKit

/// One local day of readings for the report's daily profiles.
public struct ReportDay: Sendable, Hashable, PHIRedacting {
    /// A point of the day's trace.
    public struct Point: Sendable, Hashable, PHIRedacting {
        /// Minutes after local midnight (0 ..< 1440, fractional).
        public let minute: Double
        /// The value, mg/dL (LOW and HIGH at 40 and 400).
        public let milligramsPerDeciliter: Double
    }

    /// The day on the device's wall clock.
    public let day: LocalDay
    /// The trace, split where consecutive readings are more than 15 minutes apart.
    public let segments: [[Point]]
    /// The day's consensus figures (its readings only).
    public let summary: GlucoseSummary

    /// The last `count` local days up to and including `lastDay`, each with its readings.
    static func days(from readings: [GlucoseReading], through lastDay: LocalDay, count: Int) -> [ReportDay] {
        guard count > 0 else { return [] }
        let firstDay = LocalDay(dayNumber: lastDay.dayNumber - Int64(count - 1))
        var byDay: [Int64: [GlucoseReading]] = [:]
        for reading in readings where reading.analysisMilligramsPerDeciliter != nil {
            let day = LocalDay(localMilliseconds: LocalDay.localMilliseconds(of: reading))
            guard day >= firstDay, day <= lastDay else { continue }
            byDay[day.dayNumber, default: []].append(reading)
        }
        let threshold = GlucoseSummary.gapThresholdSeconds * 1000
        return (0..<count).map { offset in
            let day = LocalDay(dayNumber: firstDay.dayNumber + Int64(offset))
            let dayReadings = (byDay[day.dayNumber] ?? []).sorted { $0.time.instant < $1.time.instant }
            var segments: [[Point]] = []
            var current: [Point] = []
            var previous: CGMInstant?
            for reading in dayReadings {
                guard let value = reading.analysisMilligramsPerDeciliter else { continue }
                let step = previous.map {
                    reading.time.instant.millisecondsSince1970.subtractingReportingOverflow($0.millisecondsSince1970)
                }
                let local = LocalDay.localMilliseconds(of: reading) - day.dayNumber * 86_400_000
                let minute = Double(local) / 60_000
                // A gap, or the wall clock going back (the repeated hour when DST ends), starts a new line.
                let goesBack = current.last.map { minute < $0.minute } ?? false
                if let step, step.overflow || step.partialValue > threshold || goesBack, !current.isEmpty {
                    segments.append(current)
                    current = []
                }
                current.append(Point(minute: minute, milligramsPerDeciliter: value))
                previous = reading.time.instant
            }
            if !current.isEmpty { segments.append(current) }
            return ReportDay(day: day, segments: segments, summary: GlucoseSummary(readings: dayReadings))
        }
    }
}
