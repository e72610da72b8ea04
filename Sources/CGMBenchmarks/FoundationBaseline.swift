@_spi(AdapterSupport) import CGMKit
import Foundation

/// What a careful user would write without CGMKit: `JSONDecoder` into Codable
/// structs, Foundation date parsing (a fixed-format `DateFormatter` for Dexcom's
/// zone-less times, since `ISO8601DateFormatter` rejects them, and
/// `ISO8601DateFormatter` for times with an offset), then mapping to the same model
/// with the same rules. Formatters are created once and reused, as they should be.
final class FoundationBaseline {
    struct V3Response: Decodable {
        let recordType: String
        let recordVersion: String
        let records: [V3EGV]
    }

    struct V3EGV: Decodable {
        let recordId: String
        let systemTime: String
        let displayTime: String?
        let transmitterId: String?
        let transmitterTicks: Int?
        let value: Double?
        let status: String?
        let trend: String?
        let trendRate: Double?
        let unit: String?
        let rateUnit: String?
        let displayDevice: String?
        let transmitterGeneration: String?
        let displayApp: String?
    }

    struct ShareRecord: Decodable {
        let wallTime: String?
        let systemTime: String?
        let displayTime: String?
        let value: Double
        let trend: String?

        /// Share's own keys.
        enum CodingKeys: String, CodingKey {
            case wallTime = "WT"
            case systemTime = "ST"
            case displayTime = "DT"
            case value = "Value"
            case trend = "Trend"
        }
    }

    private let decoder = JSONDecoder()
    private let zoneless: DateFormatter
    private let withOffset = ISO8601DateFormatter()
    private var calendar = Calendar(identifier: .gregorian)

    init() {
        zoneless = DateFormatter()
        zoneless.locale = Locale(identifier: "en_US_POSIX")
        zoneless.timeZone = TimeZone(identifier: "UTC")
        zoneless.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    }

    func localDateTime(_ date: Date) -> LocalDateTime? {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        return LocalDateTime(
            year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0, hour: parts.hour ?? 0,
            minute: parts.minute ?? 0, second: parts.second ?? 0,
            millisecond: ((parts.nanosecond ?? 0) + 500_000) / 1_000_000)
    }

    func dexcomV3(_ payload: [UInt8]) throws -> [GlucoseReading] {
        let response = try decoder.decode(V3Response.self, from: Data(payload))
        var readings: [GlucoseReading] = []
        readings.reserveCapacity(response.records.count)
        for record in response.records {
            guard let system = zoneless.date(from: record.systemTime),
                let instant = CGMInstant(system)
            else { continue }
            var time = RecordTime(instant: instant)
            if let display = record.displayTime, let stated = withOffset.date(from: display),
                let wall = zoneless.date(from: String(display.prefix(19)))
            {
                time.displayTime = localDateTime(wall)
                time.utcOffsetMinutes = Int((wall.timeIntervalSince(stated) / 60).rounded())
            }
            let status: ReadingStatus
            let glucose: GlucoseValue?
            // SPEC §2.2: no sensor measures above 600 mg/dL.
            if let value = record.value, value > 600 { continue }
            switch (record.status?.lowercased(), record.value) {
            case ("low"?, _): (status, glucose) = (.belowRange, GlucoseValue(milligramsPerDeciliter: 40))
            case ("high"?, _): (status, glucose) = (.aboveRange, GlucoseValue(milligramsPerDeciliter: 400))
            case (_, nil): (status, glucose) = (.unavailable, nil)
            case (_, let value?) where value < 40:
                (status, glucose) = (.belowRange, GlucoseValue(milligramsPerDeciliter: 40))
            case (_, let value?) where value > 400:
                (status, glucose) = (.aboveRange, GlucoseValue(milligramsPerDeciliter: 400))
            case (_, let value?): (status, glucose) = (.ok, GlucoseValue(milligramsPerDeciliter: value))
            }
            readings.append(
                GlucoseReading(
                    id: RecordID(provider: .dexcomV3, nativeID: record.recordId), provider: .dexcomV3, time: time,
                    glucose: glucose, status: status,
                    trend: record.trend.flatMap(GlucoseTrend.init(rawValue:)) ?? .unknown,
                    trendRate: record.trendRate.map { GlucoseRate($0, unitPerMinute: .milligramsPerDeciliter) },
                    device: DeviceInfo(
                        generation: record.transmitterGeneration, displayDevice: record.displayDevice,
                        displayApp: record.displayApp, transmitterID: record.transmitterId)))
        }
        return Self.sortedUnique(readings)
    }

    func share(_ payload: [UInt8]) throws -> [GlucoseReading] {
        let records = try decoder.decode([ShareRecord].self, from: Data(payload))
        var readings: [GlucoseReading] = []
        for record in records {
            guard let wall = record.wallTime.flatMap(Self.shareMilliseconds) else { continue }
            let instant = CGMInstant(millisecondsSince1970: wall.0)
            var time = RecordTime(instant: instant)
            if let display = record.displayTime.flatMap(Self.shareMilliseconds), let offset = display.1 {
                let wallClock = localDateTime(
                    Date(timeIntervalSince1970: Double(display.0 + Int64(offset) * 60_000) / 1_000))
                time.displayTime = wallClock
                // SPEC §3.2: a DT more than 60 s from the reading's time has an untrusted suffix.
                time.utcOffsetMinutes =
                    abs(display.0 - wall.0) > 60_000
                    ? wallClock.flatMap { UTCOffsetInference.inferredOffsetMinutes(wallClock: $0, instant: instant) }
                    : offset
            }
            let value = record.value
            guard value <= 600 else { continue }  // SPEC §2.2
            let (status, glucose): (ReadingStatus, GlucoseValue?) =
                value <= 12
                ? (.unavailable, nil)
                : value < 40
                    ? (.belowRange, GlucoseValue(milligramsPerDeciliter: 40))
                    : value > 400
                        ? (.aboveRange, GlucoseValue(milligramsPerDeciliter: 400))
                        : (.ok, GlucoseValue(milligramsPerDeciliter: value))
            let trend: GlucoseTrend =
                switch record.trend {
                case "Flat": .flat
                case "FortyFiveUp": .fortyFiveUp
                case "SingleUp": .singleUp
                case "DoubleUp": .doubleUp
                case "FortyFiveDown": .fortyFiveDown
                case "SingleDown": .singleDown
                case "DoubleDown": .doubleDown
                case "None": .none
                case "NotComputable": .notComputable
                case "RateOutOfRange": .rateOutOfRange
                default: .unknown
                }
            readings.append(
                GlucoseReading(
                    id: RecordID(provider: .dexcomShare, nativeID: String(wall.0 / 1_000)),
                    provider: .dexcomShare, time: time, glucose: glucose, status: status,
                    trend: trend, trendRate: nil))
        }
        return Self.sortedUnique(readings)
    }

    /// `Date(1745081013817-0400)` → milliseconds and offset minutes.
    static func shareMilliseconds(_ text: String) -> (Int64, Int?)? {
        guard text.hasPrefix("Date("), text.hasSuffix(")") else { return nil }
        let inner = text.dropFirst(5).dropLast()
        if let sign = inner.lastIndex(where: { $0 == "+" || $0 == "-" }), sign != inner.startIndex {
            guard let ms = Int64(inner[..<sign]), let zone = Int(inner[inner.index(after: sign)...]) else { return nil }
            let minutes = (abs(zone) / 100) * 60 + abs(zone) % 100
            return (ms, inner[sign] == "-" ? -minutes : minutes)
        }
        return Int64(inner).map { ($0, nil) }
    }

    static func sortedUnique(_ readings: [GlucoseReading]) -> [GlucoseReading] {
        var seen = Set<RecordID>()
        return readings.sorted { ($0.time.instant, $0.id) < ($1.time.instant, $1.id) }.filter {
            seen.insert($0.id).inserted
        }
    }
}
