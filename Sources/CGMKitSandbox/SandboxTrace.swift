import CGMKit

/// Everything a simulated user's devices recorded over a span, with the instant each
/// record reached Dexcom's servers (late for backfilled readings and receivers).
public struct SandboxTrace: Sendable {
    /// One sensor glucose value as the transmitter reported it.
    public struct Reading: Sendable, Hashable {
        /// Dexcom's `recordId`.
        public let id: String
        /// When it was measured (the instant).
        public let systemTime: CGMInstant
        /// mg/dL as reported: 39 means LOW, 401 means HIGH.
        public let value: Int
        /// Dexcom's trend token (`flat`, `singleUp`, …).
        public let trend: String
        /// mg/dL/min, one decimal; `nil` when the trend was not computable.
        public let trendRate: Double?
        /// The hashed transmitter id.
        public let transmitterID: String
        /// Seconds since the transmitter started.
        public let transmitterTicks: Int64
        /// When Dexcom received it.
        public let uploadedAt: CGMInstant
    }

    /// A user-logged event.
    public struct Event: Sendable, Hashable {
        /// Dexcom's `recordId`.
        public let id: String
        /// When it happened.
        public let systemTime: CGMInstant
        /// `carbs`, `insulin` or `exercise`.
        public let type: String
        /// `fastActing`, `longActing`, `medium`, or `nil`.
        public let subType: String?
        /// The value as Dexcom sends it: text.
        public let value: String
        /// `grams`, `units`, `minutes`.
        public let unit: String?
        /// When Dexcom received it.
        public let uploadedAt: CGMInstant
    }

    /// A fingerstick calibration.
    public struct Calibration: Sendable, Hashable {
        /// Dexcom's `recordId`.
        public let id: String
        /// When it was entered.
        public let systemTime: CGMInstant
        /// mg/dL.
        public let value: Int
        /// The hashed transmitter id.
        public let transmitterID: String
        /// Seconds since the transmitter started.
        public let transmitterTicks: Int64
        /// When Dexcom received it.
        public let uploadedAt: CGMInstant
    }

    /// A device alert.
    public struct Alert: Sendable, Hashable {
        /// Dexcom's `recordId`.
        public let id: String
        /// When it fired.
        public let systemTime: CGMInstant
        /// `low`, `urgentLow`, `high` or `signalLoss`.
        public let name: String
        /// When Dexcom received it.
        public let uploadedAt: CGMInstant
    }

    /// The user.
    public let user: SandboxUser
    /// The first instant simulated.
    public let start: CGMInstant
    /// The instant the simulation stops ("now").
    public let end: CGMInstant
    /// Readings, oldest first.
    public let readings: [Reading]
    /// Events, oldest first.
    public let events: [Event]
    /// Calibrations, oldest first.
    public let calibrations: [Calibration]
    /// Alerts, oldest first.
    public let alerts: [Alert]

    /// Simulates `days` days for `user`, ending at `end`.
    ///
    /// The value at an instant does not depend on `days`: every random draw is keyed
    /// by the user's seed and the instant or local day, so a 1-day and a 14-day trace
    /// agree where they overlap.
    public init(user: SandboxUser, days: Int, end: CGMInstant) {
        self.user = user
        self.end = end
        self.start = end.adding(milliseconds: -Int64(max(1, days)) * 86_400_000)
        let model = GlucoseModel(user: user, from: start.adding(milliseconds: -86_400_000), to: end)
        var readings: [Reading] = []
        var alerts: [Alert] = []
        let step: Int64 = 300_000
        let phase = Int64(user.seed % 300) * 1000 + 817
        var time = CGMInstant(millisecondsSince1970: (start.millisecondsSince1970 / step + 1) * step + phase)
        var previous: Reading?
        while time < end {
            defer { time = time.adding(milliseconds: step) }
            let session = model.session(at: time)
            let sinceStart = time.millisecondsSince1970 - session.start.millisecondsSince1970
            guard sinceStart >= Int64(user.warmUpMinutes) * 60_000 else { continue }
            let upload = model.uploadTime(for: time)
            let glucose = model.sensorGlucose(at: time)
            let rounded = Int(glucose.rounded())
            let value = rounded < 40 ? 39 : rounded > 400 ? 401 : rounded
            let continuous =
                previous.map { time.millisecondsSince1970 - $0.systemTime.millisecondsSince1970 <= step + 1000 }
                ?? false
            let rate =
                continuous
                ? ((glucose - model.sensorGlucose(at: time.adding(milliseconds: -15 * 60_000))) / 15 * 10).rounded()
                    / 10 : nil
            let reading = Reading(
                id: SandboxIdentifiers.uuid(seed: user.seed, kind: 1, time: time), systemTime: time, value: value,
                trend: rate.map(Self.trend(forRate:)) ?? "notComputable", trendRate: rate,
                transmitterID: session.transmitterID, transmitterTicks: session.ticks(at: time), uploadedAt: upload)
            if let previous {
                for (name, threshold, falling) in [("low", 70, true), ("urgentLow", 55, true), ("high", 250, false)] {
                    let crossed =
                        falling
                        ? previous.value >= threshold && value < threshold
                        : previous.value <= threshold && value > threshold
                    if crossed {
                        alerts.append(
                            Alert(
                                id: SandboxIdentifiers.uuid(seed: user.seed, kind: 4 + UInt64(threshold), time: time),
                                systemTime: time, name: name, uploadedAt: upload))
                    }
                }
            }
            readings.append(reading)
            previous = reading
        }
        self.readings = readings
        self.alerts = (alerts + model.signalLossAlerts(from: start, to: end)).sorted { $0.systemTime < $1.systemTime }
        self.events = model.events(from: start, to: end)
        self.calibrations = model.calibrations(from: start, to: end)
    }

    /// Dexcom's arrow for a rate in mg/dL/min.
    static func trend(forRate rate: Double) -> String {
        if rate >= 3 { return "doubleUp" }
        if rate >= 2 { return "singleUp" }
        if rate >= 1 { return "fortyFiveUp" }
        if rate > -1 { return "flat" }
        if rate > -2 { return "fortyFiveDown" }
        if rate > -3 { return "singleDown" }
        return "doubleDown"
    }
}

/// Stable identifiers derived from the seed, a record kind and an instant.
enum SandboxIdentifiers {
    static func uuid(seed: UInt64, kind: UInt64, time: CGMInstant) -> String {
        var random = SandboxRandom(
            seed: seed &* 0x100_0000_01B3 ^ kind &* 0x9E37_79B9 ^ UInt64(bitPattern: time.millisecondsSince1970))
        return random.uuid()
    }
}
