@_spi(AdapterSupport) import CGMKit

/// The benchmark's inputs, generated deterministically (SplitMix64, fixed seed) so
/// every run and every machine measures the same bytes.
enum Datasets {
    /// Three 30-day Dexcom v3 `/egvs` responses: 3 × 8,640 = 25,920 records of a G7
    /// read by the iOS app (zone-less `systemTime`, `displayTime` with its offset),
    /// about 9 MB in all, compact as Dexcom sends them.
    static func dexcomV3EGVWindows() -> [[UInt8]] {
        var random = SplitMix64(seed: 0xC6E5_0001)
        let start: Int64 = 1_780_272_000  // 2026-06-01T00:00:00Z, in seconds
        let perWindow = 8_640
        var glucose = 120.0
        return (0..<3).map { window in
            var text =
                #"{"recordType":"egv","recordVersion":"3.0","userId":"a1b2c3d4-0000-4000-8000-00000000cafe","records":["#
            text.reserveCapacity(3_200_000)
            for index in 0..<perWindow {
                let seconds = start + Int64(window * perWindow + index) * 300 + 17
                let step = Double(Int64(bitPattern: random.next() % 21) - 10) / 2
                glucose = min(max(glucose + step, 36), 410)
                let value = Int(glucose)
                let rate = Double(Int64(bitPattern: random.next() % 61) - 30) / 10
                let trend =
                    rate > 2
                    ? "singleUp"
                    : rate > 1 ? "fortyFiveUp" : rate < -2 ? "singleDown" : rate < -1 ? "fortyFiveDown" : "flat"
                let status = value < 40 ? #""low""# : value > 400 ? #""high""# : "null"
                if index > 0 { text += "," }
                text += #"{"recordId":"\#(uuid(&random))","systemTime":"\#(iso(seconds))","#
                text += #""displayTime":"\#(iso(seconds + 7_200))+02:00","transmitterId":"\#(hex(&random, 64))","#
                text += #""transmitterTicks":\#(seconds - start + 1_234),"value":\#(value),"status":\#(status),"#
                text += #""trend":"\#(trend)","trendRate":\#(rate),"unit":"mg/dL","rateUnit":"mg/dL/min","#
                text += #""displayDevice":"iOS","transmitterGeneration":"g7","displayApp":"G7"}"#
            }
            text += "]}"
            return Array(text.utf8)
        }
    }

    /// One Share `ReadPublisherLatestGlucoseValues` answer: 288 readings, 24 hours,
    /// newest first.
    static func shareDay() -> [UInt8] {
        shareReadings(count: 288)
    }

    /// One Share answer of `count` readings five minutes apart, newest first (30 days:
    /// 8,640); the first 288 are ``shareDay()``.
    static func shareReadings(count: Int) -> [UInt8] {
        var random = SplitMix64(seed: 0xC6E5_0002)
        let newest: Int64 = 1_780_272_000_000
        let trends = ["Flat", "FortyFiveUp", "SingleUp", "FortyFiveDown", "SingleDown", "Flat", "Flat"]
        var items: [String] = []
        for index in 0..<count {
            let ms = newest - Int64(index) * 300_000
            let value = 60 + Int(random.next() % 250)
            let trend = trends[Int(random.next() % UInt64(trends.count))]
            items.append(
                #"{"WT":"Date(\#(ms))","ST":"Date(\#(ms))","DT":"Date(\#(ms)-0400)","Value":\#(value),"Trend":"\#(trend)"}"#
            )
        }
        return Array(("[" + items.joined(separator: ",") + "]").utf8)
    }

    /// The 90 days of ``dexcomV3EGVWindows()`` as one `/egvs` response of 25,920
    /// records: what `cgm normalize` reads in the end-to-end rows.
    static func dexcomV3EGVNinetyDays() -> [UInt8] {
        let windows = dexcomV3EGVWindows()
        let head = Array(
            #"{"recordType":"egv","recordVersion":"3.0","userId":"a1b2c3d4-0000-4000-8000-00000000cafe","records":["#
                .utf8)
        var joined = head
        for (index, window) in windows.enumerated() {
            if index > 0 { joined.append(0x2C) }
            joined.append(contentsOf: window[head.count..<(window.count - 2)])  // drop the head and the closing `]}`
        }
        joined.append(contentsOf: Array("]}".utf8))
        return joined
    }

    /// A v3 response with no records, and a Share answer with none: the empty runs
    /// whose peak memory the end-to-end rows subtract.
    static let emptyV3 = Array(#"{"recordType":"egv","recordVersion":"3.0","userId":"u","records":[]}"#.utf8)
    static let emptyShare = Array("[]".utf8)

    static func iso(_ seconds: Int64) -> String {
        CGMInstant(millisecondsSince1970: seconds * 1_000).utcDateTime.iso8601
    }

    static func hex(_ random: inout SplitMix64, _ count: Int) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        while text.count < count {
            var word = random.next()
            for _ in 0..<16 where text.count < count {
                text.append(digits[Int(word & 0xF)])
                word >>= 4
            }
        }
        return text
    }

    static func uuid(_ random: inout SplitMix64) -> String {
        let raw = hex(&random, 32)
        let characters = Array(raw)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}
