import CGMKit
import CGMKitDexcom
import Foundation

/// Reliability E41: hostile bodies must end in `limitExceeded`, quickly, with memory
/// bounded by the limits and not by the input. Each case runs in a child process, so
/// its peak resident memory is its own; the baseline row is a real 30-day `/egvs`
/// page, which must be accepted.
enum HostileInputs {
    /// One hostile body and what it attacks.
    struct Case: Sendable {
        let name: String
        let attack: String
        /// `true` for the baseline, which must normalize.
        let accepted: Bool
        let make: @Sendable () -> [UInt8]
    }

    static let cases: [Case] = [
        Case(name: "baseline-30-days", attack: "a real 30-day /egvs page (8,640 records)", accepted: true) {
            Datasets.dexcomV3EGVWindows()[0]
        },
        Case(name: "depth-513", attack: "nesting one past the depth limit", accepted: false) {
            wrapped(Array(repeating: UInt8(ascii: "["), count: 513) + Array(repeating: UInt8(ascii: "]"), count: 513))
        },
        Case(name: "depth-1000000", attack: "a million open brackets", accepted: false) {
            Array(repeating: UInt8(ascii: "["), count: 1_000_000)
        },
        Case(name: "number-1MB", attack: "a 1 MB number literal as a glucose value", accepted: false) {
            wrapped(
                Array(#"[{"value":"#.utf8) + Array(repeating: UInt8(ascii: "7"), count: 1_000_000) + Array("}]".utf8))
        },
        Case(name: "string-10MB", attack: "a 10 MB recordId", accepted: false) {
            wrapped(
                Array(#"[{"recordId":""#.utf8) + Array(repeating: UInt8(ascii: "a"), count: 10_000_000)
                    + Array(#""}]"#.utf8))
        },
        Case(name: "body-20MB", attack: "a well-formed /egvs page of 20 MB", accepted: false) {
            page(bytes: 20_000_000)
        },
        Case(name: "body-64MB", attack: "a well-formed /egvs page of 64 MB", accepted: false) {
            page(bytes: 64_000_000)
        },
        Case(name: "records-100001", attack: "100,001 empty records", accepted: false) {
            wrapped(
                Array("[".utf8) + Array(repeating: Array("{},".utf8), count: 100_000).flatMap { $0 } + Array("{}]".utf8)
            )
        },
        Case(name: "dense-values-15MB", attack: "15 MB of [0,0,…] under the size limit", accepted: false) {
            let row =
                Array("[".utf8) + Array(repeating: Array("0,".utf8), count: 50_000).flatMap { $0 } + Array("0]".utf8)
            var body = Array(#"{"recordType":"egv","records":["#.utf8)
            for index in 0..<150 {
                if index > 0 { body.append(UInt8(ascii: ",")) }
                body += row
            }
            return body + Array("]}".utf8)
        },
    ]

    /// A v3 body around a `records` value.
    static func wrapped(_ records: [UInt8]) -> [UInt8] {
        Array(#"{"recordType":"egv","recordVersion":"3.0","records":"#.utf8) + records + Array("}".utf8)
    }

    /// A clean `/egvs` page of about `bytes` bytes, built by repeating real records.
    static func page(bytes: Int) -> [UInt8] {
        let window = Datasets.dexcomV3EGVWindows()[0]
        guard let open = window.firstIndex(of: UInt8(ascii: "[")), let close = window.lastIndex(of: UInt8(ascii: "]"))
        else {
            return window
        }
        let records = window[(open + 1)..<close]
        var body = Array(window[...open])
        while body.count < bytes {
            if body.count > open + 1 { body.append(UInt8(ascii: ",")) }
            body += records
        }
        return body + window[close...]
    }

    /// Child: builds one case, then normalizes it and prints
    /// `<outcome> <seconds> <peak bytes above the built input> <input bytes>`.
    static func runChild(_ name: String) -> Never {
        guard let test = cases.first(where: { $0.name == name }) else { exit(2) }
        let body = test.make()
        Measure.resetPeak()
        let before = Measure.residentMemory()
        let clock = ContinuousClock()
        var outcome = "batch"
        let elapsed = clock.measure {
            do {
                let batch = try DexcomV3Normalizer().normalize(body)
                outcome = "batch:\(batch.readings.count)"
            } catch let error as CGMError {
                outcome = error.code.description
            } catch {
                outcome = "foreign-error"
            }
        }
        let after = Measure.residentMemory()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("\(outcome) \(seconds) \(max(0, after.peak - before.current)) \(body.count)")
        exit(0)
    }

    /// Parent: runs every case in a child and prints a table; `false` when a case
    /// is not refused with `limitExceeded`, takes 2 s or more, or peaks 64 MB or more
    /// above its input.
    static func runAll(executable: String) -> Bool {
        print("Hostile inputs (reliability E41), each in its own process through DexcomV3Normalizer:")
        print(
            "  " + "case".padding(toLength: 20, withPad: " ", startingAt: 0) + "input MB".leftPad(10)
                + "outcome".leftPad(16) + "time".leftPad(11) + "peak MB".leftPad(9) + "  attack")
        var allMet = true
        for test in cases {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: executable)
            child.arguments = ["--child-hostile", test.name]
            let pipe = Pipe()
            child.standardOutput = pipe
            do { try child.run() } catch { return false }
            child.waitUntilExit()
            let fields = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .split(separator: " ").map(String.init)
            guard fields.count == 4, let seconds = Double(fields[1]), let peak = Int(fields[2]),
                let size = Int(fields[3].trimmingCharacters(in: .whitespacesAndNewlines))
            else {
                print("  \(test.name): the child failed")
                allMet = false
                continue
            }
            let outcomeMet = test.accepted ? fields[0].hasPrefix("batch") : fields[0] == "limitExceeded"
            let met = outcomeMet && seconds < 2 && (test.accepted || peak < 64_000_000)
            allMet = allMet && met
            print(
                "  " + test.name.padding(toLength: 20, withPad: " ", startingAt: 0)
                    + format(Double(size) / 1e6, 1).leftPad(10) + fields[0].leftPad(16) + duration(seconds).leftPad(11)
                    + format(Double(peak) / 1e6, 1).leftPad(9) + "  " + test.attack + (met ? "" : "  <- MISS"))
        }
        return allMet
    }
}
