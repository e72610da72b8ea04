import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Timing and memory readings for the benchmark.
enum Measure {
    /// The median and fastest wall time of `runs` calls of `body`, in seconds, after
    /// one warm-up.
    static func times(runs: Int, _ body: () throws -> Void) rethrows -> (median: Double, fastest: Double) {
        try body()
        var times: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<runs {
            let elapsed = try clock.measure { try body() }
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        times.sort()
        return (times[times.count / 2], times[0])
    }

    /// Starts the peak (`VmHWM`) afresh at the current resident size, so a child can
    /// build its input and then measure only what follows (Linux `clear_refs` 5).
    static func resetPeak() {
        #if os(Linux)
            try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        #endif
    }

    /// The process's resident and peak resident memory in bytes (`VmRSS`, `VmHWM`).
    static func residentMemory() -> (current: Int, peak: Int) {
        #if os(Linux)
            guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
            func kilobytes(_ key: String) -> Int {
                for line in status.split(separator: "\n") where line.hasPrefix(key) {
                    return Int(line.split(separator: " ").dropFirst().first { Int($0) != nil } ?? "") ?? 0
                }
                return 0
            }
            return (kilobytes("VmRSS:") * 1_024, kilobytes("VmHWM:") * 1_024)
        #else
            var usage = rusage()
            getrusage(RUSAGE_SELF, &usage)
            return (Int(usage.ru_maxrss), Int(usage.ru_maxrss))
        #endif
    }
}
