import CGMKit

/// The trace written as Abbott's LibreLinkUp follower API answers it (fact sheet
/// `librelinkup.md` §1.5–§1.7, §2): `/llu/connections`, `/graph` and `/logbook`, with
/// `M/d/yyyy h:mm:ss AM|PM` timestamps (`FactoryTimestamp` in UTC, `Timestamp` on the
/// phone's wall clock), `ValueInMgPerDl` next to `Value` in the user's unit (Abbott's
/// ÷ 18 for mmol/L), a `TrendArrow` only on the current reading, and the graph's 12-hour
/// window that trails "now" by 15 minutes.
extension SandboxPayloads {
    /// How far back the graph reaches: 12 hours.
    static let libreGraphWindowMilliseconds: Int64 = 12 * 3_600_000
    /// How far the graph trails "now": 15 minutes (LibreLinkUp's 15–21).
    static let libreGraphLagMilliseconds: Int64 = 15 * 60_000
    /// The instant the simulated ids are derived at.
    static let epoch = CGMInstant(millisecondsSince1970: 0)
    /// How far back the logbook reaches: 14 days.
    static let libreLogbookWindowMilliseconds: Int64 = 14 * 86_400_000

    /// The simulated patient's id (`patientId`), a UUID derived from the seed.
    public var librePatientID: String {
        SandboxIdentifiers.uuid(seed: trace.user.seed, kind: 40, time: Self.epoch)
    }

    /// The simulated follower's user id (`user.id` of the login answer).
    public var libreFollowerID: String {
        SandboxIdentifiers.uuid(seed: trace.user.seed, kind: 41, time: Self.epoch)
    }

    /// The `/llu/connections` answer: one connection, with the current reading.
    public func libreConnections(now: CGMInstant) -> [UInt8] {
        write(.array([libreConnection(now: now)]))
    }

    /// The `/llu/connections/{patientId}/graph` answer as of `now`.
    public func libreGraph(now: CGMInstant) -> [UInt8] {
        let start = now.adding(milliseconds: -Self.libreGraphWindowMilliseconds)
        let end = now.adding(milliseconds: -Self.libreGraphLagMilliseconds)
        let points = trace.readings.filter { $0.systemTime >= start && $0.systemTime <= end && $0.uploadedAt <= now }
            .map { libreItem($0, type: 0, arrow: false) }
        return write(
            object([
                ("connection", libreConnection(now: now)),
                ("activeSensors", .array([object([("sensor", libreSensor(deviceID: libreFollowerID))])])),
                ("graphData", .array(points)),
            ]))
    }

    /// The `/llu/connections/{patientId}/logbook` answer as of `now`, newest first: the
    /// trace's low and high alerts as alarm entries (`type` 3 with `alarmType` 1 or 2)
    /// and one looked-at reading (`type` 1) every 3 hours.
    public func libreLogbook(now: CGMInstant) -> [UInt8] {
        let start = now.adding(milliseconds: -Self.libreLogbookWindowMilliseconds)
        let visible = trace.readings.filter { $0.systemTime >= start && $0.systemTime <= now && $0.uploadedAt <= now }
        var entries: [(CGMInstant, JSONValue)] = []
        for reading in visible where reading.systemTime.secondsSince1970 % (3 * 3600) < 300 {
            entries.append((reading.systemTime, libreItem(reading, type: 1, arrow: true)))
        }
        for alert in trace.alerts where alert.systemTime >= start && alert.systemTime <= now {
            let code: Int64
            switch alert.name {
            case "low", "urgentLow": code = 1
            case "high": code = 2
            default: continue
            }
            guard let reading = visible.last(where: { $0.systemTime <= alert.systemTime }) else { continue }
            var item = libreItem(reading, type: 3, arrow: true, at: alert.systemTime)
            if case .object(let members) = item {
                item = .object(JSONObject(members: members.members + [.init(key: "alarmType", value: number(code))]))
            }
            entries.append((alert.systemTime, item))
        }
        entries.sort { $0.0 > $1.0 }
        return write(.array(entries.map(\.1)))
    }

    // MARK: - Parts

    private func libreConnection(now: CGMInstant) -> JSONValue {
        let current = trace.readings.last { $0.systemTime <= now && $0.uploadedAt <= now }
        let measurement = current.map { libreItem($0, type: 1, arrow: true) } ?? .null
        return object([
            ("id", .string(SandboxIdentifiers.uuid(seed: trace.user.seed, kind: 42, time: Self.epoch))),
            ("patientId", .string(librePatientID)),
            ("country", .string("DE")),
            ("status", number(2)),
            ("firstName", .string("Sandbox")),
            ("lastName", .string("User")),
            ("targetLow", number(70)),
            ("targetHigh", number(180)),
            ("uom", number(trace.user.preferredUnit == .milligramsPerDeciliter ? 1 : 0)),
            ("sensor", libreSensor(deviceID: "")),
            ("glucoseMeasurement", measurement),
            ("glucoseItem", measurement),
            ("glucoseAlarm", .null),
        ])
    }

    private func libreSensor(deviceID: String) -> JSONValue {
        object([
            ("deviceId", .string(deviceID)), ("sn", .string("0SANDBOX0L0")),
            ("a", number(trace.start.secondsSince1970)),
            ("w", number(60)), ("pt", number(4)), ("s", .bool(false)), ("lj", .bool(false)),
        ])
    }

    /// One `GlucoseItem`. The trace's LOW sentinel (39) is `isLow`; `Value` is in the
    /// user's unit, `round(mg / 18, 1)` for mmol/L as Abbott writes it.
    private func libreItem(
        _ reading: SandboxTrace.Reading, type: Int64, arrow: Bool, at time: CGMInstant? = nil
    ) -> JSONValue {
        let instant = CGMInstant(millisecondsSince1970: (time ?? reading.systemTime).secondsSince1970 * 1000)
        let offset = trace.user.timeZone.offsetMinutes(at: instant)
        let wall = instant.adding(milliseconds: Int64(offset) * 60_000)
        let mmol = trace.user.preferredUnit == .millimolesPerLiter
        let isLow = reading.value <= 39
        let milligrams = Int64(isLow ? 40 : reading.value)
        let value: JSONValue =
            mmol
            ? decimal((Double(milligrams) / 18 * 10).rounded() / 10)
            : number(milligrams)
        var members: [(String, JSONValue)] = [
            ("FactoryTimestamp", .string(Self.libreTimestamp(instant))),
            ("Timestamp", .string(Self.libreTimestamp(wall))),
            ("type", number(type)),
            ("ValueInMgPerDl", number(milligrams)),
        ]
        if arrow {
            members.append(("TrendArrow", number(isLow ? 0 : Self.libreArrow(rate: reading.trendRate))))
            members.append(("TrendMessage", .null))
        }
        members += [
            ("MeasurementColor", number(reading.value < 70 ? 4 : reading.value > 180 ? 2 : 1)),
            ("GlucoseUnits", number(mmol ? 0 : 1)),
            ("Value", value),
            ("isHigh", .bool(false)),
            ("isLow", .bool(isLow)),
        ]
        return object(members)
    }

    /// Abbott's arrow for a rate in mg/dL/min: thresholds 1 and 2 (fact sheet §2.2);
    /// 0 without a rate.
    static func libreArrow(rate: Double?) -> Int64 {
        guard let rate else { return 0 }
        if rate > 2 { return 5 }
        if rate >= 1 { return 4 }
        if rate > -1 { return 3 }
        if rate >= -2 { return 2 }
        return 1
    }

    /// `M/d/yyyy h:mm:ss AM|PM` of an instant's UTC wall clock.
    static func libreTimestamp(_ instant: CGMInstant) -> String {
        let clock = instant.utcDateTime
        let hour = clock.hour % 12 == 0 ? 12 : clock.hour % 12
        return
            "\(clock.month)/\(clock.day)/\(clock.year) \(hour):\(twoDigits(clock.minute)):\(twoDigits(clock.second)) "
            + (clock.hour < 12 ? "AM" : "PM")
    }

    private func write(_ data: JSONValue) -> [UInt8] {
        JSONWriter(layout: .compact).bytes(from: object([("status", number(0)), ("data", data)]))
    }
}
