import CGMKit
import CGMKitDexcom
import CGMKitSandbox
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `cgm-bench --fleet [N …] [--rounds R]` (Docs/Scaling.md): a server's sync loop
/// over N Dexcom Share accounts, simulated.
///
/// Each N runs in a child process (clean memory figures). The child creates N
/// ``DexcomShareClient``s over one in-memory ``SandboxServer`` (one simulated vendor,
/// answering as of a simulated clock), runs a first sync of every account (24 hours
/// each), then R rounds: the clock moves 5 minutes and every account syncs from its
/// stored cursor (`CGMSyncSource`), at most 256 in flight. It reports CPU time per
/// poll (the process's user + system time; the simulated vendor's share, measured
/// alone, is subtracted), resident memory per account (clients, login-state stores,
/// cursors, the server's sessions) and requests per simulated minute.
enum FleetSimulation {
    /// The default fleet sizes.
    static let defaultSizes = [1_000, 10_000]
    /// The polling cadence: Share readings arrive every 5 minutes.
    static let cadenceMilliseconds: Int64 = 300_000

    final class Outcome: @unchecked Sendable {
        var succeeded = false
    }

    /// Runs the parent, blocking until every child reported. Returns whether all ran.
    static func runBlocking(arguments: [String], executable: String) -> Bool {
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            outcome.succeeded = await runParent(arguments: arguments, executable: executable)
            done.signal()
        }
        done.wait()
        return outcome.succeeded
    }

    /// The child's side: `--child-fleet N R`.
    static func runChildBlocking(size: Int, rounds: Int) -> Never {
        let done = DispatchSemaphore(value: 0)
        Task {
            await runChild(size: size, rounds: rounds)
            done.signal()
        }
        done.wait()
        exit(0)
    }

    static func runParent(arguments: [String], executable: String) async -> Bool {
        let rounds = arguments.drop { $0 != "--rounds" }.dropFirst().first.flatMap { Int($0) } ?? 12
        let sizes = arguments.enumerated().compactMap { index, argument in
            index > 0 && arguments[index - 1] == "--rounds" ? nil : Int(argument)
        }
        print(
            "Fleet simulation: Dexcom Share accounts over the in-memory sandbox, one sync per account every 5 minutes")
        print("(first sync: 24 h per account; then \(rounds) rounds of 5 simulated minutes; ≤ 256 syncs in flight)")
        print("")
        print(
            pad("accounts", 9) + pad("first sync CPU/account", 23) + pad("CPU/poll (client)", 19)
                + pad("CPU/poll (total)", 18)
                + pad("memory/account", 16) + pad("cursor JSON", 13) + pad("requests/min", 14) + "polls/CPU-s")
        var allRan = true
        for size in (sizes.isEmpty ? defaultSizes : sizes) {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: executable)
            child.arguments = ["--child-fleet", String(size), String(rounds)]
            let pipe = Pipe()
            child.standardOutput = pipe
            do {
                try child.run()
            } catch {
                print("error: the child process did not start")
                return false
            }
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            child.waitUntilExit()
            let fields = String(decoding: output, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap {
                Double($0)
            }
            guard child.terminationStatus == 0, fields.count == 10 else {
                print("error: the fleet child for \(size) accounts failed")
                allRan = false
                continue
            }
            let (firstCPU, pollCPU, polls, memory, requests, minutes, serverPerPoll, failures, delivered) = (
                fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6], fields[7], fields[8]
            )
            let cursorBytes = fields[9]
            let totalPerPoll = pollCPU / polls
            let clientPerPoll = max(0, totalPerPoll - serverPerPoll)
            print(
                pad(String(size), 9) + pad(microseconds(firstCPU / Double(size)), 23)
                    + pad(microseconds(clientPerPoll), 19)
                    + pad(microseconds(totalPerPoll), 18) + pad(kilobytes(memory / Double(size)), 16)
                    + pad(String(format: "%.0f B", cursorBytes), 13)
                    + pad(String(format: "%.0f", requests / minutes), 14)
                    + String(format: "%.0f", 1 / max(clientPerPoll, 1e-9)))
            if failures > 0 {
                print("  \(Int(failures)) sync(s) were incomplete")
                allRan = false
            }
            if delivered < Double(size) * Double(rounds) * 0.5 {
                print("  too few readings delivered (\(Int(delivered))): the simulation is not polling new data")
                allRan = false
            }
        }
        print("")
        print(
            "requests/min: what the vendor sees in simulated time (one read per account per 5 minutes after the first login)."
        )
        print(
            "memory/account: resident growth after the first sync over N (clients, stores, cursors, allocator slack).")
        print("cursor JSON: what the host stores per account besides the batches (3-hour look-back of reading ids).")
        print(
            "CPU/poll (client): CGMKit's share (sync, request building, normalizing, cursor); total includes the simulated vendor."
        )
        return allRan
    }

    static func runChild(size: Int, rounds: Int) async {
        let start = SandboxServer.defaultNow.adding(milliseconds: -Int64(rounds + 1) * cadenceMilliseconds - 3_600_000)
        let clock = FleetClock(start)
        let server = SandboxServer(user: .g7, days: 3, clock: clock)
        let credentials = DexcomShareCredentials(accountName: SandboxUser.g7.name, password: SandboxServer.password)
        // The server's trace is built; measure from here.
        releaseFreedMemory()
        let baseline = Measure.residentMemory().current
        var clients: [DexcomShareClient] = []
        clients.reserveCapacity(size)
        for _ in 0..<size {
            clients.append(
                DexcomShareClient(
                    region: .us, credentials: credentials, transport: server, clock: clock,
                    loginStateStore: InMemoryDexcomShareLoginStateStore()))
        }
        var cursors = [CGMSyncCursor?](repeating: nil, count: size)
        var failures = 0
        var delivered = 0

        let firstStart = cpuSeconds()
        (cursors, failures, _) = await syncAll(clients, cursors)
        let firstCPU = cpuSeconds() - firstStart
        releaseFreedMemory()
        let memory = Double(Measure.residentMemory().current - baseline)
        let requestsBefore = await server.requestCount

        let pollStart = cpuSeconds()
        for _ in 0..<rounds {
            clock.advance(milliseconds: cadenceMilliseconds)
            let (next, failed, count) = await syncAll(clients, cursors)
            cursors = next
            failures += failed
            delivered += count
        }
        let pollCPU = cpuSeconds() - pollStart
        let requests = Double(await server.requestCount - requestsBefore)
        let minutes = Double(Int64(rounds) * cadenceMilliseconds) / 60_000

        // The simulated vendor's own work per steady-state read, alone: writing the payload.
        let lookback = Int(DexcomShareClient.Configuration().syncLookbackMinutes) + 5
        let samples = 2_000
        let serverStart = cpuSeconds()
        var bytes = 0
        for _ in 0..<samples {
            bytes &+= server.payloads.shareReadings(now: clock.now(), minutes: lookback, maxCount: 288).count
        }
        let serverPerPoll = (cpuSeconds() - serverStart) / Double(samples)
        _ = bytes
        let encoder = JSONEncoder()
        let cursorBytes = cursors.reduce(0) { $0 + ((try? encoder.encode($1)).map(\.count) ?? 0) }
        print(
            firstCPU, pollCPU, Double(size * rounds), memory, requests, minutes, serverPerPoll, Double(failures),
            Double(delivered), Double(cursorBytes) / Double(max(1, size)))
        withExtendedLifetime(clients) {}
    }

    /// One sync of every account from its cursor; returns the new cursors, the number
    /// of incomplete results and the readings delivered.
    static func syncAll(_ clients: [DexcomShareClient], _ cursors: [CGMSyncCursor?]) async
        -> ([CGMSyncCursor?], Int, Int)
    {
        var next = cursors
        var failures = 0
        var delivered = 0
        await withTaskGroup(of: (Int, CGMSyncResult).self) { group in
            var index = 0
            func add() {
                guard index < clients.count else { return }
                let client = clients[index]
                let cursor = cursors[index]
                let position = index
                group.addTask { (position, await client.sync(since: cursor)) }
                index += 1
            }
            for _ in 0..<256 { add() }
            while let (position, result) = await group.next() {
                next[position] = result.cursor
                if !result.isComplete { failures += 1 }
                delivered += result.batch.readings.count
                add()
            }
        }
        return (next, failures, delivered)
    }

    /// Returns freed heap pages to the system, so resident memory counts what is kept.
    static func releaseFreedMemory() {
        #if canImport(Glibc)
            // glibc's malloc_trim, looked up at run time (the Glibc module does not export it).
            typealias Trim = @convention(c) (Int) -> Int32
            if let symbol = dlsym(nil, "malloc_trim") {
                _ = unsafeBitCast(symbol, to: Trim.self)(0)
            }
        #endif
    }

    /// User + system CPU time of this process, in seconds.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func microseconds(_ seconds: Double) -> String {
        seconds >= 1e-3 ? String(format: "%.2f ms", seconds * 1e3) : String(format: "%.1f µs", seconds * 1e6)
    }

    static func kilobytes(_ bytes: Double) -> String {
        String(format: "%.1f KB", bytes / 1_000)
    }
}

/// The simulation's clock: moved by the loop, read by every client and the server.
final class FleetClock: CGMClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: CGMInstant

    init(_ start: CGMInstant) {
        current = start
    }

    func now() -> CGMInstant {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func advance(milliseconds: Int64) {
        lock.lock()
        current = current.adding(milliseconds: milliseconds)
        lock.unlock()
    }
}
