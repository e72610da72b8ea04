import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One run of a program as a user runs it: spawned, standard output to a file, timed
/// from before the spawn to after the exit (process start to last byte written), with
/// the child's own peak resident memory from `wait4`.
enum ChildProcess {
    struct Run {
        /// Wall time from spawn to exit, in seconds.
        let seconds: Double
        /// The child's peak resident memory (`ru_maxrss`), in bytes.
        let peakBytes: Int
        /// The exit status, or -1 when it did not exit normally.
        let status: Int32
        /// User plus system CPU time of the child, in seconds: what the job costs,
        /// whatever else the machine runs.
        var cpuSeconds: Double = 0
    }

    /// Runs `arguments[0]` (searched in `PATH` when it has no slash) with standard
    /// output written to `outputPath` (truncated; `nil` keeps this process's) and
    /// standard error discarded.
    ///
    /// The `peakBytes` of a child spawned by a large process is not the child's own:
    /// Linux carries the spawning process's high-water mark over `exec`. Use
    /// ``peakMemory(_:outputPath:scratch:)`` for memory.
    static func run(_ arguments: [String], outputPath: String?) -> Run {
        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t?
            let environment = _NSGetEnviron().pointee
        #else
            var actions = posix_spawn_file_actions_t()
            let environment = environ
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let outputPath {
            posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let clock = ContinuousClock()
        let start = clock.now
        guard posix_spawnp(&pid, arguments[0], &actions, nil, &argv, environment) == 0 else {
            return Run(seconds: 0, peakBytes: 0, status: -1)
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let elapsed = clock.now - start
        let exited = status & 0x7F == 0
        #if os(Linux)
            let peak = Int(usage.ru_maxrss) * 1_024
        #else
            let peak = Int(usage.ru_maxrss)
        #endif
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return Run(
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            peakBytes: peak, status: exited ? (status >> 8) & 0xFF : -1,
            cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime))
    }

    /// The median and fastest wall time and the median CPU time of `runs` runs, after one warm-up run (which fills
    /// the page cache); `nil` when any run fails.
    static func measure(_ arguments: [String], outputPath: String, runs: Int)
        -> (median: Double, fastest: Double, cpu: Double)?
    {
        guard run(arguments, outputPath: outputPath).status == 0 else { return nil }
        var times: [Double] = []
        var cpu: [Double] = []
        for _ in 0..<max(1, runs) {
            let result = run(arguments, outputPath: outputPath)
            guard result.status == 0 else { return nil }
            times.append(result.seconds)
            cpu.append(result.cpuSeconds)
        }
        times.sort()
        cpu.sort()
        return (times[times.count / 2], times[0], cpu[cpu.count / 2])
    }

    /// The program's own peak resident memory in bytes, measured through a small
    /// intermediary that spawns it and reports its `wait4` usage: GNU `time` when
    /// installed (a floor of about 2 MB), else this benchmark (`--spawn-peak`, a floor
    /// of about 15 MB, after resetting its own high-water mark).
    static func peakMemory(_ arguments: [String], outputPath: String, scratch: String) -> Int? {
        let report = scratch + "/peak.txt"
        let wrapped =
            FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
            ? ["/usr/bin/time", "-f", "%M", "-o", report] + arguments
            : [CommandLine.arguments[0], "--spawn-peak", report] + arguments
        guard run(wrapped, outputPath: outputPath).status == 0,
            let text = try? String(contentsOfFile: report, encoding: .utf8),
            let kilobytes = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        return kilobytes * 1_024
    }

    /// `--spawn-peak REPORT PROGRAM ARGS...`: runs the program with this process's
    /// standard output and writes its peak resident memory in KiB to REPORT.
    static func spawnPeak(_ arguments: [String]) -> Never {
        guard arguments.count >= 2 else { exit(64) }
        Measure.resetPeak()
        let result = run(Array(arguments.dropFirst()), outputPath: nil)
        try? "\(result.peakBytes / 1_024)\n".write(toFile: arguments[0], atomically: false, encoding: .utf8)
        exit(result.status)
    }
}
