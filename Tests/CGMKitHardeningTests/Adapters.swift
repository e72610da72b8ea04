import CGMKit
@_spi(Testing) import CGMKitDexcom
import CGMKitNightscout

/// The three payload adapters, with a way to wrap one glucose value in a payload of
/// each, so one table runs through all of them.
enum Adapter: String, CaseIterable, Sendable, CustomStringConvertible {
    case dexcomV3, dexcomShare, nightscout

    var description: String { rawValue }

    /// The adapter's normalizer with the given reader (fast paths on).
    func normalizer(_ reader: JSONReader = JSONReader(), fastPath: Bool = true) -> any PayloadNormalizer {
        switch self {
        case .dexcomV3: DexcomV3Normalizer(reader: reader, usesFastPath: fastPath)
        case .dexcomShare: DexcomShareNormalizer(reader: reader, usesFastPath: fastPath)
        case .nightscout: NightscoutNormalizer(reader: reader)
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
        }
    }

    /// When the clean reading of ``payload(value:)`` happened.
    static let goodInstant = CGMInstant(millisecondsSince1970: 1_704_067_200_000)
    /// When the edge reading of ``payload(value:)`` happened.
    static let edgeInstant = CGMInstant(millisecondsSince1970: 1_704_067_500_000)
}
