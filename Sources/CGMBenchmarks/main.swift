import CGMKit
@_spi(Testing) import CGMKitDexcom
import CGMKitLibre
import Foundation

// `swift run -c release cgm-bench` (Docs/Performance.md). Prints, for the same bytes in
// one run: CGMKit, a careful Foundation baseline, and one plain pass over the bytes,
// with median time, MB/s, records/s and the ratio to the baseline; then the peak
// memory of a CGMKit run, measured in a child process. `--hostile` runs the hostile
// inputs of reliability E41 instead (HostileInputs.swift).

let arguments = CommandLine.arguments.dropFirst()

if arguments.first == "--child-peak" {
    // Child: read the payload files, then normalize them all and keep the batches.
    let paths = arguments.dropFirst()
    let payloads = paths.compactMap { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } }
    let before = Measure.residentMemory()
    let batches = payloads.compactMap { try? DexcomV3Normalizer().normalize($0) }
    let after = Measure.residentMemory()
    let readings = batches.reduce(0) { $0 + $1.readings.count }
    print("\(max(0, after.peak - before.current)) \(readings)")
    exit(0)
}

if arguments.first == "--write-inputs", let directory = arguments.dropFirst().first {
    // The end-to-end payloads, to run or profile `cgm normalize` by hand.
    try Data(Datasets.dexcomV3EGVNinetyDays()).write(to: URL(fileURLWithPath: directory + "/egvs-90-days.json"))
    try Data(Datasets.shareReadings(count: 8_640)).write(to: URL(fileURLWithPath: directory + "/share-30-days.json"))
    exit(0)
}

if arguments.first == "--spawn-peak" {
    // Intermediary of the end-to-end peak memory (ChildProcess.peakMemory).
    ChildProcess.spawnPeak(Array(arguments.dropFirst()))
}

if arguments.first == "--child-hostile", let name = arguments.dropFirst().first {
    HostileInputs.runChild(name)
}

if arguments.first == "--child-fleet" {
    FleetSimulation.runChildBlocking(
        size: Int(arguments.dropFirst().first ?? "") ?? 1_000,
        rounds: Int(arguments.dropFirst(2).first ?? "") ?? 12)
}

if arguments.first == "--fleet" {
    // Docs/Scaling.md: N Share accounts synced every 5 minutes (FleetSimulation.swift).
    exit(
        FleetSimulation.runBlocking(arguments: Array(arguments.dropFirst()), executable: CommandLine.arguments[0])
            ? 0 : 1)
}

if arguments.first == "--hostile" {
    // Reliability E41 only: every hostile body refused, fast, in bounded memory.
    exit(HostileInputs.runAll(executable: CommandLine.arguments[0]) ? 0 : 1)
}

if arguments.first == "--profile" {
    // Loops one CGMKit path only, for a profiler: `--profile v3|share|encode [iterations]`.
    let iterations = Int(arguments.dropFirst(2).first ?? "") ?? 50
    if arguments.dropFirst().first == "encode" {  // `--profile encode [iterations]`: BatchEncoder alone, mg/dL
        let batch = try DexcomV3Normalizer().normalize(Datasets.dexcomV3EGVNinetyDays())
        var total = 0
        for _ in 0..<iterations { BatchEncoder().encode(batch) { total += $0.count } }
        print(total)
        exit(0)
    }
    let v3 = arguments.dropFirst().first == "v3"
    let payloads = v3 ? Datasets.dexcomV3EGVWindows() : [Datasets.shareDay()]
    var count = 0
    for _ in 0..<iterations {
        for payload in payloads {
            count +=
                v3
                ? (try DexcomV3Normalizer().normalize(payload).readings.count)
                : (try DexcomShareNormalizer().normalize(payload).readings.count)
        }
    }
    print(count)
    exit(0)
}

if arguments.first == "--exported-files" {
    // The Clarity and LibreView imports only (issue 16): `--exported-files [runs]`.
    let runs = Int(arguments.dropFirst().first ?? "") ?? 11
    guard let results = try ExportedFilesBenchmark.run(runs: runs, baselineRuns: max(3, runs / 3)) else { exit(1) }
    ExportedFilesBenchmark.printResults(results)
    exit(0)
}

if arguments.first == "--export" {
    // The export rows only (issue 17): `--export [runs]`.
    let readings = try Datasets.dexcomV3EGVWindows().flatMap { try DexcomV3Normalizer().normalize($0).readings }
    let result = try ExportBenchmark.run(
        readings: readings, runs: Int(arguments.dropFirst().first ?? "") ?? 7,
        executable: CommandLine.arguments[0])
    ExportBenchmark.printResult(result)
    exit(0)
}

let smoke = arguments.contains("--smoke")
let runs = smoke ? 1 : Int(arguments.drop { $0 != "--runs" }.dropFirst().first ?? "") ?? 21
let baselineRuns = smoke ? 1 : max(3, runs / 3)

let windows = Datasets.dexcomV3EGVWindows()
let share = Datasets.shareDay()
let v3Bytes = windows.reduce(0) { $0 + $1.count }
let normalizer = DexcomV3Normalizer()
let shareNormalizer = DexcomShareNormalizer()
let baseline = FoundationBaseline()
// The general path (a JSON tree, then the mappers): what quirky payloads take.
let generalV3 = DexcomV3Normalizer(usesFastPath: false)
let generalShare = DexcomShareNormalizer(usesFastPath: false)

// The three must agree before their speed means anything.
let ours = try windows.flatMap { try normalizer.normalize($0).readings }
let theirs = try windows.flatMap { try baseline.dexcomV3($0) }
let oursShare = try shareNormalizer.normalize(share).readings
guard try windows.allSatisfy({ try normalizer.normalize($0) == generalV3.normalize($0) }),
    try shareNormalizer.normalize(share) == generalShare.normalize(share)
else {
    print("error: the fast path and the general path disagree")
    exit(1)
}
let theirsShare = try baseline.share(share)
guard ours.count == 25_920, ours == theirs, oursShare.count == 288, oursShare == theirsShare else {
    print(
        "error: CGMKit and the Foundation baseline disagree (\(ours.count) vs \(theirs.count) v3, "
            + "\(oursShare.count) vs \(theirsShare.count) Share readings)")
    exit(1)
}

@inline(never) func plainPass(_ bytes: [UInt8]) -> UInt64 {
    bytes.withUnsafeBufferPointer { buffer in
        var sum: UInt64 = 0
        for byte in buffer { sum &+= UInt64(byte) }
        return sum
    }
}

var sink: UInt64 = 0
struct Row {
    let name: String
    let seconds: Double
    let fastest: Double
    let bytes: Int
    let records: Int
}

@MainActor func measureSet(
    _ title: String, bytes: Int, records: Int, cgmkit: () throws -> Int, foundation: () throws -> Int,
    plain: () -> UInt64, general: () throws -> Int
) rethrows -> [Row] {
    let ourTime = try Measure.times(runs: runs) { sink &+= UInt64(try cgmkit()) }
    let baselineTime = try Measure.times(runs: baselineRuns) { sink &+= UInt64(try foundation()) }
    let plainTime = Measure.times(runs: runs) { sink &+= plain() }
    let generalTime = try Measure.times(runs: baselineRuns) { sink &+= UInt64(try general()) }
    return [
        Row(
            name: "\(title): CGMKit", seconds: ourTime.median, fastest: ourTime.fastest, bytes: bytes, records: records),
        Row(
            name: "\(title): Foundation baseline", seconds: baselineTime.median, fastest: baselineTime.fastest,
            bytes: bytes, records: records),
        Row(
            name: "\(title): plain pass over the bytes", seconds: plainTime.median, fastest: plainTime.fastest,
            bytes: bytes, records: records),
        Row(
            name: "\(title): CGMKit general path", seconds: generalTime.median, fastest: generalTime.fastest,
            bytes: bytes, records: records),
    ]
}

func format(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(decimals)f", value)
}

func duration(_ seconds: Double) -> String {
    seconds >= 0.001 ? format(seconds * 1_000, 2) + " ms" : format(seconds * 1_000_000, 1) + " µs"
}

func printTable(_ rows: [Row]) {
    let base = rows[1].seconds
    print(
        "  " + "what".padding(toLength: 42, withPad: " ", startingAt: 0) + "median".leftPad(11) + "fastest".leftPad(11)
            + "MB/s".leftPad(8) + "records/s".leftPad(12) + "vs baseline".leftPad(13))
    for row in rows {
        print(
            "  " + row.name.padding(toLength: 42, withPad: " ", startingAt: 0) + duration(row.seconds).leftPad(11)
                + duration(row.fastest).leftPad(11)
                + format(Double(row.bytes) / row.seconds / 1e6, 0).leftPad(8)
                + format(Double(row.records) / row.seconds, 0).leftPad(12)
                + (format(base / row.seconds, 1) + "×").leftPad(13))
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

print("CGMKit benchmark: \(runs) runs (baseline \(baselineRuns)), median; MB = 10^6 bytes")
print("Dexcom v3 /egvs, 90 days: 3 responses, \(ours.count) records, \(v3Bytes) bytes")
let v3Rows = try measureSet(
    "v3 EGV 90 days", bytes: v3Bytes, records: ours.count,
    cgmkit: { try windows.reduce(0) { $0 + (try normalizer.normalize($1).readings.count) } },
    foundation: { try windows.reduce(0) { $0 + (try baseline.dexcomV3($1).count) } },
    plain: { windows.reduce(0) { $0 &+ plainPass($1) } },
    general: { try windows.reduce(0) { $0 + (try generalV3.normalize($1).readings.count) } })
printTable(v3Rows)
print("Dexcom Share, one day: \(oursShare.count) records, \(share.count) bytes")
let shareRows = try measureSet(
    "Share 288", bytes: share.count, records: oursShare.count,
    cgmkit: { try shareNormalizer.normalize(share).readings.count },
    foundation: { try baseline.share(share).count },
    plain: { plainPass(share) },
    general: { try generalShare.normalize(share).readings.count })
printTable(shareRows)
// The files people export (issue 16): Clarity and LibreView, 90 days each.
guard let exportedFiles = try ExportedFilesBenchmark.run(runs: runs, baselineRuns: baselineRuns) else { exit(1) }
ExportedFilesBenchmark.printResults(exportedFiles)

// LibreLinkUp (issue 15): a 12-hour graph as the client receives it, and a 90-day
// synthetic graph, against a JSONSerialization + DateFormatter program.
let libreNormalizer = LibreLinkUpNormalizer()
let libreBaseline = LibreLinkUpBenchmark.Baseline()
var libreRows: [[Row]] = []
for (title, span, points) in [("LLU graph 12 h", "12 hours", 141), ("LLU graph 90 d", "90 days synthetic", 25_920)] {
    let payload = LibreLinkUpBenchmark.graph(points: points)
    let oursLibre = try libreNormalizer.normalize(payload).readings
    guard oursLibre.count == points + 1, try oursLibre == libreBaseline.readings(payload) else {
        print("error: CGMKit and the Foundation baseline disagree on the LibreLinkUp graph")
        exit(1)
    }
    print("LibreLinkUp /graph, \(span): \(oursLibre.count) records, \(payload.count) bytes")
    let rows = try measureSet(
        title, bytes: payload.count, records: oursLibre.count,
        cgmkit: { try libreNormalizer.normalize(payload).readings.count },
        foundation: { try libreBaseline.readings(payload).count },
        plain: { plainPass(payload) },
        general: { try libreNormalizer.normalize(payload).readings.count })
    printTable(Array(rows.prefix(3)))
    libreRows.append(rows)
}

// Peak memory of a CGMKit run, in a fresh process so nothing above pollutes it.
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cgm-bench-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
var files: [String] = []
for (index, window) in windows.enumerated() {
    let file = folder.appendingPathComponent("egvs-\(index).json")
    try Data(window).write(to: file)
    files.append(file.path)
}
let child = Process()
child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
child.arguments = ["--child-peak"] + files
let pipe = Pipe()
child.standardOutput = pipe
try child.run()
child.waitUntilExit()
let answer = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: " ")
let peak = answer.first.flatMap { Int($0) } ?? -1
print(
    "Peak memory of normalizing the 90 days (child process, above the loaded payload): "
        + "\(format(Double(peak) / 1e6, 1)) MB = \(format(Double(peak) / Double(v3Bytes), 2))× the payload")

// Export (issue 17): the 90 days as a FHIR CGM IG Bundle.
let exportResult = try ExportBenchmark.run(
    readings: ours, runs: smoke ? 1 : max(5, runs / 3),
    executable: CommandLine.arguments[0])
ExportBenchmark.printResult(exportResult)

// Encoding alone: the 90 days as one batch to JSON, in both units (pretty, as `cgm`
// writes it), byte-level against the tree path it replaced (issue 19).
let ninetyDays = try normalizer.normalize(Datasets.dexcomV3EGVNinetyDays())
print("Encoding alone: one batch of \(ninetyDays.readings.count) readings to pretty JSON")
print(
    "  " + "what".padding(toLength: 42, withPad: " ", startingAt: 0) + "median".leftPad(11) + "fastest".leftPad(11)
        + "output".leftPad(12) + "MB/s".leftPad(8) + "vs tree".leftPad(10))
var encoderRates: [(GlucoseUnit, Double)] = []
for unit in GlucoseUnit.allCases {
    let encoder = BatchEncoder(unit: unit)
    let size = encoder.encode(ninetyDays).count
    let byteLevel = Measure.times(runs: runs) { sink &+= UInt64(encoder.encode(ninetyDays).count) }
    let streamed = Measure.times(runs: runs) { encoder.encode(ninetyDays) { sink &+= UInt64($0.count) } }
    // The tree path is slow in a debug build and proven equal by the tests: not in a smoke run.
    let tree =
        smoke
        ? byteLevel
        : Measure.times(runs: baselineRuns) {
            sink &+= UInt64(JSONWriter(layout: encoder.layout).bytes(from: encoder.jsonValue(of: ninetyDays)).count)
        }
    encoderRates.append((unit, Double(size) / byteLevel.median / 1e6))
    let rows = [
        ("\(unit.symbol): BatchEncoder.encode → [UInt8]", byteLevel),
        ("\(unit.symbol): streamed, 64 KiB chunks", streamed), ("\(unit.symbol): tree path (before)", tree),
    ]
    for (name, time) in rows.prefix(smoke ? 2 : 3) {
        print(
            "  " + name.padding(toLength: 42, withPad: " ", startingAt: 0) + duration(time.median).leftPad(11)
                + duration(time.fastest).leftPad(11) + format(Double(size) / 1e6, 2).leftPad(9) + " MB"
                + format(Double(size) / time.median / 1e6, 0).leftPad(8)
                + (format(tree.median / time.median, 1) + "×").leftPad(10))
    }
}

// End to end: process start to last byte, each program a child process (EndToEnd.swift).
print(
    "End to end (child processes, output to a file; peak = peak resident memory above the same program on an empty payload)"
)
guard
    let endToEnd = try EndToEnd.run(
        folder: folder, runs: max(5, runs / 2), baselineRuns: max(3, runs / 4),
        smoke: smoke)
else {
    try? FileManager.default.removeItem(at: folder)
    exit(1)
}
try? FileManager.default.removeItem(at: folder)
if smoke {
    print("Smoke run (--smoke): the outputs agree (in process, and cgm normalize end to end); timings are not judged.")
    exit(0)
}
func printEndToEnd(_ title: String, _ rows: [EndToEnd.Row]) {
    print(title)
    print(
        "  " + "what".padding(toLength: 42, withPad: " ", startingAt: 0) + "median".leftPad(11) + "fastest".leftPad(11)
            + "CPU".leftPad(11) + "MB/s".leftPad(8) + "peak".leftPad(10) + "time vs cgm".leftPad(13))
    for row in rows {
        let ratio = format(row.median / rows[0].median, 1) + "×"
        print(
            "  " + row.name.padding(toLength: 42, withPad: " ", startingAt: 0) + duration(row.median).leftPad(11)
                + duration(row.fastest).leftPad(11) + duration(row.cpu).leftPad(11)
                + (row.inputBytes > 1_000 ? format(Double(row.inputBytes) / row.median / 1e6, 0) : "—").leftPad(8)
                + (format(Double(row.peakAboveEmpty) / 1e6, 1) + " MB").leftPad(10) + ratio.leftPad(13))
    }
}
let v3Input = endToEnd.v3[0].inputBytes
let shareInput = endToEnd.share[0].inputBytes
printEndToEnd("v3 EGV 90 days, one response, 25,920 records, \(v3Input) bytes:", endToEnd.v3)
printEndToEnd(
    "Share 30 days, one answer, 8,640 records, \(shareInput) bytes"
        + (endToEnd.pydexcomAvailable ? ":" : " (pydexcom not installed: `pip install pydexcom` adds its row):"),
    endToEnd.share)
print("Start-up (trivial runs):")
for row in endToEnd.startup {
    print(
        "  " + row.name.padding(toLength: 42, withPad: " ", startingAt: 0) + duration(row.median).leftPad(11)
            + duration(row.fastest).leftPad(11) + (duration(row.cpu) + " CPU").leftPad(15))
}

// The issue's goals, on the medians.
func goal(_ met: Bool, _ text: String) {
    print("  \(met ? "met " : "MISS") \(text)")
}
print("Goals (medians of this run):")
goal(
    v3Rows[1].seconds / v3Rows[0].seconds >= 10,
    "v3 ≥ 10× the baseline: \(format(v3Rows[1].seconds / v3Rows[0].seconds, 1))×")
goal(
    Double(v3Bytes) / v3Rows[0].seconds / 1e6 >= 400,
    "v3 ≥ 400 MB/s: \(format(Double(v3Bytes) / v3Rows[0].seconds / 1e6, 0)) MB/s (fastest run \(format(Double(v3Bytes) / v3Rows[0].fastest / 1e6, 0)))"
)
goal(
    peak >= 0 && Double(peak) <= 3 * Double(v3Bytes),
    "peak memory ≤ 3× the payload: \(format(Double(peak) / Double(v3Bytes), 2))×")
goal(
    shareRows[0].seconds < 100e-6,
    "Share 288 < 100 µs: \(duration(shareRows[0].seconds)) (fastest run \(duration(shareRows[0].fastest)))")
print("Goals of issue 19 (end to end and encoding, medians of this run):")
let v3Ratio = endToEnd.v3[1].median / endToEnd.v3[0].median
let v3Rate = Double(v3Input) / endToEnd.v3[0].median / 1e6
goal(v3Ratio >= 10, "v3 90 days end to end ≥ 10× the Foundation baseline program: \(format(v3Ratio, 1))×")
goal(
    v3Rate >= 200,
    "v3 90 days end to end ≥ 200 MB/s of input: \(format(v3Rate, 0)) MB/s "
        + "(\(duration(endToEnd.v3[0].median)); fastest run \(format(Double(v3Input) / endToEnd.v3[0].fastest / 1e6, 0)) MB/s; "
        + "per CPU second \(format(Double(v3Input) / endToEnd.v3[0].cpu / 1e6, 0)) MB/s)")
if endToEnd.pydexcomAvailable, let python = endToEnd.share.last {
    let ratio = python.median / endToEnd.share[0].median
    goal(
        ratio >= 10,
        "Share 30 days end to end ≥ 10× pydexcom: \(format(ratio, 1))× "
            + "(\(duration(endToEnd.share[0].median)) vs \(duration(python.median)))")
} else {
    print("  —    Share 30 days ≥ 10× pydexcom: not measured (pydexcom not installed)")
}
for (title, row) in [("v3", endToEnd.v3[0]), ("Share", endToEnd.share[0])] {
    let ratio = Double(row.peakAboveEmpty) / Double(row.inputBytes)
    goal(
        ratio <= 2,
        "\(title) peak memory above an empty run ≤ 2× the payload: \(format(Double(row.peakAboveEmpty) / 1e6, 1)) MB "
            + "= \(format(ratio, 2))×")
}
for (unit, rate) in encoderRates {
    goal(rate >= 500, "encoding alone (\(unit.symbol)) ≥ 500 MB/s of output: \(format(rate, 0)) MB/s")
}
goal(
    exportResult.processSeconds.map { $0.median < 1 } ?? (exportResult.exportSeconds.median < 1),
    "FHIR export of 90 days < 1 s: \(duration(exportResult.processSeconds?.median ?? exportResult.exportSeconds.median))"
)
for rows in libreRows {
    let ratio = rows[1].seconds / rows[0].seconds
    goal(ratio >= 10, "\(rows[0].name.dropLast(8)) ≥ 10× the Foundation baseline: \(format(ratio, 1))×")
}
if sink == 42 { print("") }  // keeps the measured work from being optimised away
