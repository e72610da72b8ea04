import CGMKit

/// Writes a ``SandboxTrace`` as the raw bytes Dexcom's APIs answer with: Web API v3
/// responses (`egvs`, `calibrations`, `events`, `alerts`, `devices`, `dataRange`) and
/// the Share read response. Only records uploaded by `now` are included.
public struct SandboxPayloads: Sendable {
    /// The trace.
    public let trace: SandboxTrace
    /// Dexcom's per-client user id for the simulated user (64 hex digits).
    public let userID: String

    /// Payloads of `trace`.
    public init(trace: SandboxTrace) {
        self.trace = trace
        var random = SandboxRandom(seed: trace.user.seed &* 0xA24B_AED4_963E_E407)
        self.userID = random.hex(bytes: 32)
    }

    // MARK: - Dexcom v3

    /// The `/v3/users/self/egvs` response for readings with `start ≤ systemTime < end`.
    public func egvs(from start: CGMInstant, to end: CGMInstant, now: CGMInstant) -> [UInt8] {
        let records = trace.readings.filter { $0.systemTime >= start && $0.systemTime < end && $0.uploadedAt <= now }
            .map { reading -> JSONValue in
                let status: JSONValue =
                    reading.value == 39 ? .string("low") : reading.value == 401 ? .string("high") : .null
                return object([
                    ("recordId", .string(reading.id)),
                    ("systemTime", .string(systemTime(reading.systemTime))),
                    ("displayTime", .string(displayTime(reading.systemTime))),
                    ("transmitterId", .string(reading.transmitterID)),
                    ("transmitterTicks", number(reading.transmitterTicks)),
                    ("value", number(Int64(reading.value))),
                    ("status", status),
                    ("trend", .string(reading.trend)),
                    ("trendRate", reading.trendRate.map(decimal) ?? .null),
                    ("unit", .string("mg/dL")),
                    ("rateUnit", .string("mg/dL/min")),
                    ("displayDevice", .string(trace.user.displayDevice)),
                    ("transmitterGeneration", .string(trace.user.generation)),
                    ("displayApp", .string(trace.user.displayApp)),
                ])
            }
        return envelope("egv", records)
    }

    /// The `/v3/users/self/calibrations` response.
    public func calibrations(from start: CGMInstant, to end: CGMInstant, now: CGMInstant) -> [UInt8] {
        let records = trace.calibrations.filter {
            $0.systemTime >= start && $0.systemTime < end && $0.uploadedAt <= now
        }
        .map { calibration -> JSONValue in
            object([
                ("recordId", .string(calibration.id)),
                ("systemTime", .string(systemTime(calibration.systemTime))),
                ("displayTime", .string(displayTime(calibration.systemTime))),
                ("unit", .string("mg/dL")),
                ("value", number(Int64(calibration.value))),
                ("displayDevice", .string(trace.user.displayDevice)),
                ("transmitterId", .string(calibration.transmitterID)),
                ("transmitterTicks", number(calibration.transmitterTicks)),
                ("transmitterGeneration", .string(trace.user.generation)),
            ])
        }
        return envelope("calibration", records)
    }

    /// The `/v3/users/self/events` response (values as text, as production sends them).
    public func events(from start: CGMInstant, to end: CGMInstant, now: CGMInstant) -> [UInt8] {
        let records = trace.events.filter { $0.systemTime >= start && $0.systemTime < end && $0.uploadedAt <= now }
            .map { event -> JSONValue in
                object([
                    ("recordId", .string(event.id)),
                    ("systemTime", .string(systemTime(event.systemTime))),
                    ("displayTime", .string(displayTime(event.systemTime))),
                    ("eventStatus", .string("created")),
                    ("eventType", .string(event.type)),
                    ("eventSubType", event.subType.map(JSONValue.string) ?? .null),
                    ("value", .string(event.value)),
                    ("unit", event.unit.map(JSONValue.string) ?? .null),
                    ("transmitterId", .string(trace.readings.last?.transmitterID ?? "")),
                    ("transmitterGeneration", .string(trace.user.generation)),
                    ("displayDevice", .string(trace.user.displayDevice)),
                ])
            }
        return envelope("event", records)
    }

    /// The `/v3/users/self/alerts` response.
    public func alerts(from start: CGMInstant, to end: CGMInstant, now: CGMInstant) -> [UInt8] {
        let records = trace.alerts.filter { $0.systemTime >= start && $0.systemTime < end && $0.uploadedAt <= now }
            .map { alert -> JSONValue in
                object([
                    ("recordId", .string(alert.id)),
                    ("systemTime", .string(systemTime(alert.systemTime))),
                    ("displayTime", .string(displayTime(alert.systemTime))),
                    ("alertName", .string(alert.name)),
                    ("alertState", .string("activeAlarming")),
                    ("displayDevice", .string(trace.user.displayDevice)),
                    ("transmitterGeneration", .string(trace.user.generation)),
                    ("transmitterId", .string(trace.readings.last?.transmitterID ?? "")),
                    ("displayApp", .string(trace.user.displayApp)),
                ])
            }
        return envelope("alert", records)
    }

    /// The `/v3/users/self/devices` response: the user's display device with its
    /// alert settings.
    public func devices(now: CGMInstant) -> [UInt8] {
        let lastUpload = trace.readings.last { $0.uploadedAt <= now }?.uploadedAt ?? trace.start
        let settings: [JSONValue] = [
            ("high", 250, "mg/dL"), ("low", 70, "mg/dL"), ("urgentLow", 55, "mg/dL"),
            ("rise", 3, "mg/dL/min"),
        ].map { name, value, unit in
            object([
                ("systemTime", .string(systemTime(trace.start))), ("displayTime", .string(displayTime(trace.start))),
                ("alertName", .string(name)), ("value", number(Int64(value))), ("unit", .string(unit)),
                ("snooze", number(30)), ("enabled", .bool(name != "rise")),
            ])
        }
        let schedule = object([
            (
                "alertScheduleSettings",
                object([
                    ("alertScheduleName", .string("")), ("isEnabled", .bool(true)), ("startTime", .string("00:00")),
                    ("endTime", .string("00:00")), ("isActive", .bool(true)),
                    (
                        "daysOfWeek",
                        .array(
                            ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"].map(
                                JSONValue.string))
                    ),
                ])
            ),
            ("alertSettings", .array(settings)),
        ])
        let device = object([
            ("transmitterGeneration", .string(trace.user.generation)),
            ("displayDevice", .string(trace.user.displayDevice)),
            ("displayApp", .string(trace.user.displayApp)),
            ("lastUploadDate", .string(systemTime(lastUpload))),
            ("alertSchedules", .array([schedule])),
        ])
        return envelope("device", [device])
    }

    /// The `/v3/users/self/dataRange` response: first and last uploaded record per kind.
    public func dataRange(now: CGMInstant) -> [UInt8] {
        func span(_ times: [CGMInstant]) -> JSONValue {
            guard let first = times.first, let last = times.last else { return .null }
            return object([
                (
                    "start",
                    object([("systemTime", .string(systemTime(first))), ("displayTime", .string(displayTime(first)))])
                ),
                (
                    "end",
                    object([("systemTime", .string(systemTime(last))), ("displayTime", .string(displayTime(last)))])
                ),
            ])
        }
        let document = object([
            ("recordType", .string("dataRange")), ("recordVersion", .string("3.0")), ("userId", .string(userID)),
            ("calibrations", span(trace.calibrations.filter { $0.uploadedAt <= now }.map(\.systemTime))),
            ("egvs", span(trace.readings.filter { $0.uploadedAt <= now }.map(\.systemTime))),
            ("events", span(trace.events.filter { $0.uploadedAt <= now }.map(\.systemTime))),
        ])
        return JSONWriter(layout: .pretty).bytes(from: document)
    }

    // MARK: - Dexcom Share

    /// The `ReadPublisherLatestGlucoseValues` response: newest first, at most `maxCount`
    /// readings from the last `minutes` before `now`. Pass `Int.max` for both to write
    /// the whole trace (more than Share itself serves, for benchmarks and tests).
    public func shareReadings(now: CGMInstant, minutes: Int, maxCount: Int) -> [UInt8] {
        let earliest = now.adding(milliseconds: -Int64(min(minutes, 100 * 365 * 1440)) * 60_000)
        let chosen = trace.readings.filter { $0.systemTime > earliest && $0.systemTime <= now && $0.uploadedAt <= now }
            .reversed().prefix(max(0, maxCount))
        let records = chosen.map { reading -> JSONValue in
            let milliseconds = reading.systemTime.millisecondsSince1970
            let offset = trace.user.timeZone.offsetMinutes(at: reading.systemTime)
            let sign = offset < 0 ? "-" : "+"
            let zone = sign + Self.twoDigits(abs(offset) / 60) + Self.twoDigits(abs(offset) % 60)
            return object([
                ("WT", .string("Date(\(milliseconds))")),
                ("ST", .string("Date(\(milliseconds))")),
                ("DT", .string("Date(\(milliseconds)\(zone))")),
                ("Value", number(Int64(reading.value))),
                ("Trend", .string(Self.shareTrend(reading.trend))),
            ])
        }
        return JSONWriter(layout: .compact).bytes(from: .array(Array(records)))
    }

    // MARK: - Helpers

    private func envelope(_ recordType: String, _ records: [JSONValue]) -> [UInt8] {
        JSONWriter(layout: .pretty).bytes(
            from: object([
                ("recordType", .string(recordType)), ("recordVersion", .string("3.0")), ("userId", .string(userID)),
                ("records", .array(records)),
            ]))
    }

    private func systemTime(_ instant: CGMInstant) -> String {
        CGMInstant(millisecondsSince1970: instant.secondsSince1970 * 1000).rfc3339
    }

    /// Local wall time; with `±hh:mm` from phones, without any offset from receivers.
    private func displayTime(_ instant: CGMInstant) -> String {
        let offset = trace.user.timeZone.offsetMinutes(at: instant)
        let wall = CGMInstant(millisecondsSince1970: instant.secondsSince1970 * 1000 + Int64(offset) * 60_000)
            .utcDateTime.iso8601
        guard trace.user.displayTimesHaveOffset else { return wall }
        let sign = offset < 0 ? "-" : "+"
        return wall + sign + Self.twoDigits(abs(offset) / 60) + ":" + Self.twoDigits(abs(offset) % 60)
    }

    static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func shareTrend(_ token: String) -> String {
        switch token {
        case "doubleUp": "DoubleUp"
        case "singleUp": "SingleUp"
        case "fortyFiveUp": "FortyFiveUp"
        case "flat": "Flat"
        case "fortyFiveDown": "FortyFiveDown"
        case "singleDown": "SingleDown"
        case "doubleDown": "DoubleDown"
        case "notComputable": "NotComputable"
        default: "None"
        }
    }

    func object(_ members: [(String, JSONValue)]) -> JSONValue {
        .object(JSONObject(members: members.map { JSONObject.Member(key: $0.0, value: $0.1) }))
    }

    func number(_ value: Int64) -> JSONValue {
        .number(JSONNumber(text: String(value), doubleValue: Double(value)))
    }

    func decimal(_ value: Double) -> JSONValue {
        .number(JSONNumber(text: GlucoseModel.oneDecimal(value), doubleValue: value))
    }
}
