import CGMKit

/// The physiology and device behaviour behind a ``SandboxTrace``: a daily rhythm,
/// meals with carbohydrate and bolus insulin, exercise, a nightly basal dose, sensor
/// noise and compression lows, 10-day sensor sessions, signal loss, and uploads.
///
/// Every random draw comes from a generator seeded by the user and the local day (or
/// the 5-minute step), so the model is a pure function of time.
struct GlucoseModel {
    /// One local day's plan.
    struct DayPlan {
        struct Meal {
            let time: CGMInstant
            let carbs: Double
            /// Share of the meal the bolus covers (0 when the bolus was missed).
            let bolusFraction: Double
        }
        var meals: [Meal] = []
        var exercise: (start: CGMInstant, minutes: Int)?
        /// A correction dose that overshoots into a severe low (LOW sentinel).
        var overcorrection: CGMInstant?
        var compression: (start: CGMInstant, minutes: Int, depth: Double)?
        var signalLoss: (start: CGMInstant, minutes: Int)?
        var calibration: CGMInstant?
        var basal: CGMInstant
        var docking: CGMInstant
    }

    /// A sensor session and its transmitter.
    struct Session {
        let start: CGMInstant
        let transmitterID: String
        let transmitterStart: CGMInstant

        func ticks(at time: CGMInstant) -> Int64 {
            (time.millisecondsSince1970 - transmitterStart.millisecondsSince1970) / 1000
        }
    }

    static let day: Int64 = 86_400_000
    static let sessionLength: Int64 = 10 * day
    /// 2020-01-01T00:00:00Z: sessions are counted from here.
    static let anchor = CGMInstant(millisecondsSince1970: 1_577_836_800_000)

    let user: SandboxUser
    private var plans: [Int: DayPlan] = [:]

    init(user: SandboxUser, from start: CGMInstant, to end: CGMInstant) {
        self.user = user
        for day in (localDay(start) - 1)...(localDay(end) + 1) {
            plans[day] = makePlan(day: day)
        }
    }

    // MARK: - Time

    func localDay(_ time: CGMInstant) -> Int {
        let local = time.millisecondsSince1970 + Int64(user.timeZone.offsetMinutes(at: time)) * 60_000
        return Int(local >= 0 ? local / Self.day : (local - Self.day + 1) / Self.day)
    }

    /// The instant of `minutes` after local midnight of `day`.
    func instant(day: Int, minutes: Double) -> CGMInstant {
        let wall = Int64(day) * Self.day + Int64(minutes * 60_000)
        let guess = CGMInstant(millisecondsSince1970: wall - Int64(user.timeZone.standardOffsetMinutes) * 60_000)
        return CGMInstant(millisecondsSince1970: wall - Int64(user.timeZone.offsetMinutes(at: guess)) * 60_000)
    }

    private func localMinutes(_ time: CGMInstant) -> Double {
        let local = time.millisecondsSince1970 + Int64(user.timeZone.offsetMinutes(at: time)) * 60_000
        let withinDay = ((local % Self.day) + Self.day) % Self.day
        return Double(withinDay) / 60_000
    }

    // MARK: - Plans

    private func makePlan(day: Int) -> DayPlan {
        var random = SandboxRandom(seed: user.seed &* 1_000_003 &+ UInt64(bitPattern: Int64(day)) &* 0x2545_F491)
        var plan = DayPlan(basal: instant(day: day, minutes: 22 * 60), docking: instant(day: day, minutes: 21 * 60))
        let missedDinner = ((day % 7) + 7) % 7 == 3
        let schedule: [(Double, Double, ClosedRange<Double>, Double)] = [
            (7.5 * 60, 30, 30...60, 1), (12.5 * 60, 40, 40...80, 1), (15.5 * 60, 20, 15...25, 0.5),
            (19 * 60, 45, 50...90, 1),
        ]
        for (index, (minutes, spread, carbs, probability)) in schedule.enumerated() {
            let time = instant(day: day, minutes: minutes + random.uniform(-spread...spread).rounded())
            let amount = random.uniform(carbs).rounded()
            let fraction = random.uniform(0.8...1.05)
            guard random.chance(probability) else { continue }
            if index == 3 && missedDinner {
                plan.meals.append(.init(time: time, carbs: 120, bolusFraction: 0))
            } else {
                plan.meals.append(.init(time: time, carbs: amount, bolusFraction: (fraction * 100).rounded() / 100))
            }
        }
        let exerciseStart = instant(day: day, minutes: 17.5 * 60 + random.uniform(-30...30).rounded())
        let exerciseMinutes = Int(random.uniform(30...60).rounded())
        if random.chance(0.4) { plan.exercise = (exerciseStart, exerciseMinutes) }
        if ((day % 7) + 7) % 7 == 5 { plan.overcorrection = instant(day: day, minutes: 2.5 * 60) }
        let compressionStart = instant(day: day, minutes: random.uniform(120...300).rounded())
        let compressionMinutes = Int(random.uniform(20...35).rounded())
        let depth = random.uniform(40...60)
        if random.chance(0.3) { plan.compression = (compressionStart, compressionMinutes, depth) }
        let lossStart = instant(day: day, minutes: random.uniform(60...1380).rounded())
        let lossMinutes = Int(random.uniform(20...90).rounded())
        if random.chance(0.35) && user.displayTimesHaveOffset { plan.signalLoss = (lossStart, lossMinutes) }
        if user.calibrates && ((day % 3) + 3) % 3 == 0 { plan.calibration = instant(day: day, minutes: 8 * 60 + 5) }
        return plan
    }

    private func nearbyPlans(_ time: CGMInstant) -> [DayPlan] {
        let day = localDay(time)
        return [plans[day - 1], plans[day]].compactMap { $0 }
    }

    // MARK: - Glucose

    /// (τ/p)²·e^(2(1 − τ/p)): flat at τ = 0, peak 1 at τ = p, a long tail. Its area
    /// is proportional to p, so curves with different peaks can cancel exactly.
    private static func curve(_ minutes: Double, peak: Double) -> Double {
        guard minutes > 0, minutes < peak * 8 else { return 0 }
        let x = minutes / peak
        return x * x * SandboxMath.exp(2 * (1 - x))
    }

    private static func minutes(from start: CGMInstant, to time: CGMInstant) -> Double {
        Double(time.millisecondsSince1970 - start.millisecondsSince1970) / 60_000
    }

    /// Blood glucose, mg/dL, before the sensor adds its own errors.
    func bloodGlucose(at time: CGMInstant) -> Double {
        let minutes = localMinutes(time)
        var glucose = user.baseline + 14 * SandboxMath.sin(2 * Double.pi * (minutes - 300) / 1440)
        for plan in nearbyPlans(time) {
            for meal in plan.meals {
                let elapsed = Self.minutes(from: meal.time, to: time)
                glucose += meal.carbs * 2.6 * Self.curve(elapsed, peak: 75)
                glucose -= meal.carbs * 2.6 * meal.bolusFraction * (75.0 / 110.0) * Self.curve(elapsed - 5, peak: 110)
            }
            if let exercise = plan.exercise {
                glucose -=
                    Double(exercise.minutes) * 0.8 * Self.curve(Self.minutes(from: exercise.start, to: time), peak: 50)
            }
            if let overcorrection = plan.overcorrection {
                glucose -= (user.baseline - 28) * Self.curve(Self.minutes(from: overcorrection, to: time), peak: 80)
            }
        }
        return max(20, glucose)
    }

    /// What the sensor reports: blood glucose plus noise and compression artefacts.
    func sensorGlucose(at time: CGMInstant) -> Double {
        var glucose = bloodGlucose(at: time)
        for plan in nearbyPlans(time) {
            if let compression = plan.compression {
                let elapsed = Self.minutes(from: compression.start, to: time)
                if elapsed > 0 && elapsed < Double(compression.minutes) {
                    glucose -= compression.depth * SandboxMath.sin(Double.pi * elapsed / Double(compression.minutes))
                }
            }
        }
        let step = time.millisecondsSince1970 / 300_000
        let weights = [0.5, 0.4, 0.3, 0.2, 0.1]
        var noise = 0.0
        for (lag, weight) in weights.enumerated() {
            var random = SandboxRandom(seed: user.seed ^ UInt64(bitPattern: step - Int64(lag)) &* 0xD6E8_FEB8_6659_FD93)
            noise += weight * random.normal()
        }
        return max(20, glucose + noise * 4.5)
    }

    // MARK: - Devices

    func session(at time: CGMInstant) -> Session {
        let phase = Int64(user.seed % 10) * 86_400_000 / 3
        let sinceAnchor = time.millisecondsSince1970 - Self.anchor.millisecondsSince1970 - phase
        let index =
            sinceAnchor >= 0
            ? sinceAnchor / Self.sessionLength : (sinceAnchor - Self.sessionLength + 1) / Self.sessionLength
        let start = Self.anchor.adding(milliseconds: phase + index * Self.sessionLength)
        let transmitterIndex = user.transmitterPerSensor ? index : (index >= 0 ? index / 9 : (index - 8) / 9)
        let transmitterStart =
            user.transmitterPerSensor
            ? start
            : Self.anchor.adding(milliseconds: phase + transmitterIndex * 9 * Self.sessionLength)
        var random = SandboxRandom(seed: user.seed &* 0x5851_F42D_4C95_7F2D ^ UInt64(bitPattern: transmitterIndex))
        return Session(start: start, transmitterID: random.hex(bytes: 32), transmitterStart: transmitterStart)
    }

    /// When a record made at `time` reaches Dexcom: at once from a phone, at the end of
    /// a signal loss (backfill), or at the receiver's next nightly docking.
    func uploadTime(for time: CGMInstant) -> CGMInstant {
        if !user.displayTimesHaveOffset {
            let day = localDay(time)
            let docking = plans[day]?.docking ?? time
            return time <= docking ? docking : (plans[day + 1]?.docking ?? time)
        }
        for plan in nearbyPlans(time) {
            if let loss = plan.signalLoss {
                let end = loss.start.adding(milliseconds: Int64(loss.minutes) * 60_000)
                if time >= loss.start && time < end { return end }
            }
        }
        return time
    }

    // MARK: - Records other than readings

    private func orderedPlans(from start: CGMInstant, to end: CGMInstant) -> [DayPlan] {
        (localDay(start)...localDay(end)).compactMap { plans[$0] }
    }

    func events(from start: CGMInstant, to end: CGMInstant) -> [SandboxTrace.Event] {
        var events: [SandboxTrace.Event] = []
        func add(
            _ time: CGMInstant, _ kind: UInt64, _ type: String, _ subType: String?, _ value: String, _ unit: String?
        ) {
            guard time >= start && time < end else { return }
            events.append(
                SandboxTrace.Event(
                    id: SandboxIdentifiers.uuid(seed: user.seed, kind: kind, time: time),
                    systemTime: time, type: type, subType: subType, value: value, unit: unit,
                    uploadedAt: uploadTime(for: time)))
        }
        for plan in orderedPlans(from: start, to: end) {
            for meal in plan.meals {
                add(meal.time, 10, "carbs", nil, String(Int(meal.carbs)), "grams")
                if meal.bolusFraction > 0 {
                    let units = (meal.carbs / 10 * meal.bolusFraction * 2).rounded() / 2
                    add(
                        meal.time.adding(milliseconds: 120_000), 11, "insulin", "fastActing", Self.oneDecimal(units),
                        "units")
                }
            }
            if let overcorrection = plan.overcorrection {
                add(overcorrection, 12, "insulin", "fastActing", "4.0", "units")
            }
            add(plan.basal, 13, "insulin", "longActing", "18.0", "units")
            if let exercise = plan.exercise {
                add(exercise.start, 14, "exercise", "medium", String(exercise.minutes), "minutes")
            }
        }
        return events.sorted { $0.systemTime < $1.systemTime }
    }

    func calibrations(from start: CGMInstant, to end: CGMInstant) -> [SandboxTrace.Calibration] {
        orderedPlans(from: start, to: end).compactMap { plan -> SandboxTrace.Calibration? in
            guard let time = plan.calibration, time >= start, time < end else { return nil }
            var random = SandboxRandom(seed: user.seed ^ UInt64(bitPattern: time.millisecondsSince1970))
            let session = session(at: time)
            return SandboxTrace.Calibration(
                id: SandboxIdentifiers.uuid(seed: user.seed, kind: 20, time: time), systemTime: time,
                value: Int((bloodGlucose(at: time) + random.normal() * 5).rounded()),
                transmitterID: session.transmitterID,
                transmitterTicks: session.ticks(at: time), uploadedAt: uploadTime(for: time))
        }
    }

    func signalLossAlerts(from start: CGMInstant, to end: CGMInstant) -> [SandboxTrace.Alert] {
        orderedPlans(from: start, to: end).compactMap { plan -> SandboxTrace.Alert? in
            guard let loss = plan.signalLoss, loss.minutes > 20 else { return nil }
            let time = loss.start.adding(milliseconds: 20 * 60_000)
            guard time >= start, time < end else { return nil }
            return SandboxTrace.Alert(
                id: SandboxIdentifiers.uuid(seed: user.seed, kind: 30, time: time), systemTime: time,
                name: "signalLoss", uploadedAt: uploadTime(for: time))
        }
    }

    /// `value` with exactly one decimal, `-0.5` style.
    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}
