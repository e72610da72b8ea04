import CGMKit
@_spi(Testing) import CGMKitDexcom
import CGMKitLibre
import CGMKitNightscout

/// The payload adapters, with a way to wrap one glucose value in a payload of
/// each, so one table runs through all of them.
enum Adapter: String, CaseIterable, Sendable, CustomStringConvertible {
    case dexcomV3, dexcomShare, nightscout, libreLinkUp

    var description: String { rawValue }

    /// The adapter's normalizer with the given reader (fast paths on).
    func normalizer(_ reader: JSONReader = JSONReader(), fastPath: Bool = true) -> any PayloadNormalizer {
        switch self {
        case .dexcomV3: DexcomV3Normalizer(reader: reader, usesFastPath: fastPath)
        case .dexcomShare: DexcomShareNormalizer(reader: reader, usesFastPath: fastPath)
        case .nightscout: NightscoutNormalizer(reader: reader)
        case .libreLinkUp: LibreLinkUpNormalizer(reader: reader)
        }
    }

    /// A payload of two readings five minutes apart: a clean one (value 120) and one
    /// whose value is the raw JSON text `value`.
    func payload(value: String) -> [UInt8] {
        switch self {
        case .dexcomV3:
            func record(_ id: String, _ time: String, _ value: String) -> String {
                #"{"recordId":"\#(id)","systemTime":"\#(time)","displayTime":"\#(time)","transmitterId":"tx","#
                    + #""value":\#(value),"status":null,"trend":"flat","trendRate":0,"unit":"mg/dL","#
                    + #""rateUnit":"mg/dL/min","displayDevice":"iOS","transmitterGeneration":"g7"}"#
            }
            return Array(
                (#"{"recordType":"egv","recordVersion":"3.0","userId":"u","records":["#
                    + record("good", "2024-01-01T00:00:00", "120") + ","
                    + record("edge", "2024-01-01T00:05:00", value) + "]}").utf8)
        case .dexcomShare:
            func record(_ milliseconds: Int, _ value: String) -> String {
                #"{"WT":"Date(\#(milliseconds))","ST":"Date(\#(milliseconds))","DT":"Date(\#(milliseconds)-0500)","#
                    + #""Value":\#(value),"Trend":"Flat"}"#
            }
            return Array(("[" + record(1_704_067_500_000, value) + "," + record(1_704_067_200_000, "120") + "]").utf8)
        case .nightscout:
            func record(_ id: String, _ milliseconds: Int, _ value: String) -> String {
                #"{"_id":"\#(id)","type":"sgv","sgv":\#(value),"date":\#(milliseconds),"direction":"Flat"}"#
            }
            return Array(
                ("[" + record("edge", 1_704_067_500_000, value) + "," + record("good", 1_704_067_200_000, "120")
                    + "]").utf8)
        case .libreLinkUp:
            // A logbook answer (newest first): `FactoryTimestamp` 00:05 and 00:00 UTC.
            func record(_ time: String, _ value: String) -> String {
                #"{"FactoryTimestamp":"\#(time)","Timestamp":"\#(time)","type":1,"ValueInMgPerDl":\#(value),"#
                    + #""TrendArrow":3,"GlucoseUnits":1,"isHigh":false,"isLow":false}"#
            }
            return Array(
                (#"{"status":0,"data":["# + record("1/1/2024 12:05:00 AM", value) + ","
                    + record("1/1/2024 12:00:00 AM", "120") + "]}").utf8)
        }
    }

    /// `M/d/yyyy h:mm:ss AM|PM` of an instant's UTC wall clock (LibreLinkUp's format).
    static func libreLinkUpTimestamp(_ instant: CGMInstant) -> String {
        let clock = instant.utcDateTime
        let hour = clock.hour % 12 == 0 ? 12 : clock.hour % 12
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(clock.month)/\(clock.day)/\(clock.year) \(hour):\(two(clock.minute)):\(two(clock.second)) "
            + (clock.hour < 12 ? "AM" : "PM")
    }

    /// When the clean reading of ``payload(value:)`` happened.
    static let goodInstant = CGMInstant(millisecondsSince1970: 1_704_067_200_000)
    /// When the edge reading of ``payload(value:)`` happened.
    static let edgeInstant = CGMInstant(millisecondsSince1970: 1_704_067_500_000)
}
