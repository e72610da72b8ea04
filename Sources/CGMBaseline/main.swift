import Foundation

// `cgm-baseline v3|share FILE`: the end-to-end baseline of `cgm-bench` (Docs/Performance.md).
// What a careful user writes without CGMKit to do `cgm normalize`'s job: read the payload,
// `JSONDecoder` into Codable structs, parse the times with Foundation formatters created
// once, map to the unified reading (sentinels, offset, trend, device), sort, drop
// repeats, and write pretty JSON with `JSONEncoder` to standard output. Not a product.

struct V3Response: Decodable { let records: [V3EGV] }
struct V3EGV: Decodable {
    let recordId: String
    let systemTime: String
    let displayTime: String?
    let transmitterId: String?
    let value: Double?
    let status: String?
    let trend: String?
    let trendRate: Double?
    let displayDevice: String?
    let transmitterGeneration: String?
    let displayApp: String?
}
struct ShareRecord: Decodable {
    let wallTime: String
    let displayTime: String?
    let value: Double
    let trend: String?

    /// Share's own keys.
    enum CodingKeys: String, CodingKey {
        case wallTime = "WT"
        case displayTime = "DT"
        case value = "Value"
        case trend = "Trend"
    }
}

struct Device: Encodable {
    var generation: String?
    var displayDevice: String?
    var displayApp: String?
    var transmitterId: String?
}
struct Reading: Encodable {
    var id: String
    var provider: String
    var time: String
    var displayTime: String?
    var utcOffset: Int?
    var value: Double?
    var unit = "mg/dL"
    var status: String
    var trend: String
    var trendRate: Double?
    var device: Device?
    var instant: Date
    enum CodingKeys: String, CodingKey {
        case id, provider, time, displayTime, utcOffset, value, unit, status, trend, trendRate, device
    }
}
struct Batch: Encodable {
    let schema = "cgmkit.batch.v1"
    let provider: String
    let readings: [Reading]
}

final class Baseline {
    let zoneless = DateFormatter()
    let withOffset = ISO8601DateFormatter()
    let output = ISO8601DateFormatter()

    init() {
        zoneless.locale = Locale(identifier: "en_US_POSIX")
        zoneless.timeZone = TimeZone(identifier: "UTC") ?? TimeZone.current
        zoneless.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
    }

    func classify(_ value: Double?, status: String?) -> (String, Double?) {
        switch (status?.lowercased(), value) {
        case ("low"?, _): ("belowRange", 40)
        case ("high"?, _): ("aboveRange", 400)
        case (_, nil): ("unavailable", nil)
        case (_, let value?) where value < 40: ("belowRange", 40)
        case (_, let value?) where value > 400: ("aboveRange", 400)
        case (_, let value?): ("ok", value)
        }
    }

    func v3(_ data: Data) throws -> Batch {
        var readings: [Reading] = []
        for record in try JSONDecoder().decode(V3Response.self, from: data).records {
            guard let instant = zoneless.date(from: record.systemTime) else { continue }
            var offset: Int?
            if let display = record.displayTime, let stated = withOffset.date(from: display),
                let wall = zoneless.date(from: String(display.prefix(19)))
            {
                offset = Int((wall.timeIntervalSince(stated) / 60).rounded())
            }
            let (status, value) = classify(record.value, status: record.status)
            readings.append(
                Reading(
                    id: "dexcom_v3:" + record.recordId, provider: "dexcom_v3", time: output.string(from: instant),
                    displayTime: record.displayTime.map { String($0.prefix(19)) }, utcOffset: offset, value: value,
                    status: status, trend: record.trend ?? "unknown", trendRate: record.trendRate,
                    device: Device(
                        generation: record.transmitterGeneration, displayDevice: record.displayDevice,
                        displayApp: record.displayApp, transmitterId: record.transmitterId),
                    instant: instant))
        }
        return Batch(provider: "dexcom_v3", readings: sortedUnique(readings))
    }

    /// `Date(1745081013817-0400)` → milliseconds and offset minutes.
    func shareTime(_ text: String) -> (Int64, Int?)? {
        guard text.hasPrefix("Date("), text.hasSuffix(")") else { return nil }
        let inner = text.dropFirst(5).dropLast()
        if let sign = inner.lastIndex(where: { $0 == "+" || $0 == "-" }), sign != inner.startIndex {
            guard let ms = Int64(inner[..<sign]), let zone = Int(inner[inner.index(after: sign)...]) else { return nil }
            let minutes = (abs(zone) / 100) * 60 + abs(zone) % 100
            return (ms, inner[sign] == "-" ? -minutes : minutes)
        }
        return Int64(inner).map { ($0, nil) }
    }

    func share(_ data: Data) throws -> Batch {
        var readings: [Reading] = []
        let trends = [
            "Flat": "flat", "FortyFiveUp": "fortyFiveUp", "SingleUp": "singleUp", "DoubleUp": "doubleUp",
            "FortyFiveDown": "fortyFiveDown", "SingleDown": "singleDown", "DoubleDown": "doubleDown",
            "None": "none", "NotComputable": "notComputable", "RateOutOfRange": "rateOutOfRange",
        ]
        for record in try JSONDecoder().decode([ShareRecord].self, from: data) {
            guard let (milliseconds, _) = shareTime(record.wallTime) else { continue }
            let instant = Date(timeIntervalSince1970: Double(milliseconds) / 1_000)
            var displayTime: String?
            var offset: Int?
            if let (shown, minutes) = record.displayTime.flatMap(shareTime), let minutes {
                offset = minutes
                displayTime = String(
                    output.string(
                        from: Date(
                            timeIntervalSince1970: Double(shown) / 1_000
                                + Double(minutes) * 60)
                    ).prefix(19))
            }
            let (status, value) = record.value < 39 ? ("unavailable", nil) : classify(record.value, status: nil)
            readings.append(
                Reading(
                    id: "dexcom:\(milliseconds / 1_000)", provider: "dexcom", time: output.string(from: instant),
                    displayTime: displayTime, utcOffset: offset, value: value, status: status,
                    trend: record.trend.flatMap { trends[$0] } ?? "unknown", trendRate: nil, device: nil,
                    instant: instant))
        }
        return Batch(provider: "dexcom", readings: sortedUnique(readings))
    }

    func sortedUnique(_ readings: [Reading]) -> [Reading] {
        var seen = Set<String>()
        return readings.sorted { ($0.instant, $0.id) < ($1.instant, $1.id) }.filter { seen.insert($0.id).inserted }
    }
}

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 2, let kind = arguments.first, let path = arguments.last,
    let data = FileManager.default.contents(atPath: path)
else {
    FileHandle.standardError.write(Data("usage: cgm-baseline v3|share FILE\n".utf8))
    exit(64)
}
do {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
    let baseline = Baseline()
    var text = try encoder.encode(kind == "share" ? baseline.share(data) : baseline.v3(data))
    text.append(0x0A)
    FileHandle.standardOutput.write(text)
} catch {
    FileHandle.standardError.write(Data("error: not a payload\n".utf8))
    exit(65)
}
