import CGMKit
import CGMKitDexcom
import Foundation

/// The end-to-end rows: the whole job a user runs, process start to last byte written
/// to a file, each program in its own child process (ChildProcess.swift), in the same
/// run on the same bytes:
/// - `cgm normalize` (the `cgm` built next to this benchmark);
/// - `cgm-baseline` (Sources/CGMBaseline): plain Foundation, `JSONDecoder` + `JSONEncoder`;
/// - for Share, pydexcom (PyPI) parsing the same answer into its `GlucoseReading`s, as
///   `Dexcom.get_glucose_readings` does after `response.json()`, then writing them as
///   JSON; run when `python3 -c "import pydexcom"` works.
/// Peak memory is each program's peak resident memory minus that of the same program
/// on an empty payload.
enum EndToEnd {
    struct Row {
        let name: String
        let median: Double
        let fastest: Double
        let cpu: Double
        let inputBytes: Int
        let peakAboveEmpty: Int
    }

    struct Figures {
        var v3: [Row] = []
        var share: [Row] = []
        var startup: [Row] = []
        var pydexcomAvailable = false
    }

    /// The pydexcom side, written to the run's folder (Python, not part of the package).
    static let pydexcomScript = """
        import json, sys
        from datetime import timezone
        from pydexcom import GlucoseReading

        # What Dexcom.get_glucose_readings does with the answer, then the readings as JSON.
        with open(sys.argv[1], "rb") as payload:
            readings = [GlucoseReading(record) for record in json.loads(payload.read())]
        out = []
        for r in readings:
            value = r.value
            status = "unavailable" if value < 39 else "belowRange" if value < 40 else "aboveRange" if value > 400 else "ok"
            out.append({"id": "dexcom:%d" % r.datetime.timestamp(), "provider": "dexcom",
                        "time": r.datetime.astimezone(timezone.utc).isoformat(),
                        "displayTime": r.datetime.replace(tzinfo=None).isoformat(),
                        "utcOffset": int(r.datetime.utcoffset().total_seconds() // 60),
                        "value": None if status == "unavailable" else min(max(value, 40), 400),
                        "unit": "mg/dL", "status": status, "trend": r.trend_direction, "trendRate": None})
        json.dump({"schema": "cgmkit.batch.v1", "provider": "dexcom", "readings": out}, sys.stdout, indent=2)
        sys.stdout.write("\\n")

        """

    static func countOccurrences(of needle: String, inFile path: String) -> Int {
        guard let data = FileManager.default.contents(atPath: path) else { return -1 }
        let bytes = [UInt8](data)
        let pattern = Array(needle.utf8)
        var count = 0
        var index = 0
        while index + pattern.count <= bytes.count {
            if bytes[index] == pattern[0], Array(bytes[index..<(index + pattern.count)]) == pattern {
                count += 1
                index += pattern.count
            } else {
                index += 1
            }
        }
        return count
    }

    /// Runs every row; `nil` (with a message) when a program is missing or an output is
    /// wrong, which fails the smoke run.
    /// A smoke run (`--smoke`) checks the outputs only, and skips the slow baseline
    /// program on the 90 days.
    static func run(folder: URL, runs: Int, baselineRuns: Int, smoke: Bool) throws -> Figures? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let cgm = directory.appendingPathComponent("cgm").path
        let baseline = directory.appendingPathComponent("cgm-baseline").path
        guard FileManager.default.isExecutableFile(atPath: cgm), FileManager.default.isExecutableFile(atPath: baseline)
        else {
            print(
                "error: end-to-end rows need cgm and cgm-baseline next to cgm-bench: run `swift build -c release` first"
            )
            return nil
        }
        let v3 = Datasets.dexcomV3EGVNinetyDays()
        let share = Datasets.shareReadings(count: 8_640)
        func file(_ name: String, _ bytes: [UInt8]) throws -> String {
            let url = folder.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            return url.path
        }
        let v3File = try file("egvs-90-days.json", v3)
        let shareFile = try file("share-30-days.json", share)
        let emptyV3File = try file("egvs-empty.json", Datasets.emptyV3)
        let emptyShareFile = try file("share-empty.json", Datasets.emptyShare)
        let script = try file("pydexcom-normalize.py", Array(pydexcomScript.utf8))
        let output = folder.appendingPathComponent("out.json").path

        // The outputs must be right before their speed means anything.
        let v3Batch = try DexcomV3Normalizer().normalize(v3)
        let shareBatch = try DexcomShareNormalizer().normalize(share)
        guard v3Batch.readings.count == 25_920, shareBatch.readings.count == 8_640 else {
            print("error: the end-to-end inputs do not hold 25,920 and 8,640 readings")
            return nil
        }
        let checks: [([String], [UInt8]?, Int)] = [
            ([cgm, "normalize", "--provider", "dexcom_v3", v3File], BatchEncoder().encode(v3Batch), 25_920),
            ([cgm, "normalize", "--provider", "dexcom", shareFile], BatchEncoder().encode(shareBatch), 8_640),
            ([baseline, "v3", v3File], nil, 25_920),
            ([baseline, "share", shareFile], nil, 8_640),
        ]
        for (arguments, expected, readings) in checks where !smoke || arguments[1] != "v3" {
            let result = ChildProcess.run(arguments, outputPath: output)
            let written = FileManager.default.contents(atPath: output).map { [UInt8]($0) }
            let count = countOccurrences(of: #""status""#, inFile: output)
            guard result.status == 0, count == readings, expected == nil || written == expected else {
                print(
                    "error: \(arguments.dropFirst().joined(separator: " ")) wrote a wrong answer (exit \(result.status), "
                        + "\(count) readings)")
                return nil
            }
        }
        var figures = Figures()
        if smoke { return figures }
        figures.pydexcomAvailable =
            ChildProcess.run(["python3", "-c", "import pydexcom"], outputPath: "/dev/null").status == 0
        if figures.pydexcomAvailable {
            let result = ChildProcess.run(["python3", script, shareFile], outputPath: output)
            guard result.status == 0, countOccurrences(of: #""status""#, inFile: output) == 8_640 else {
                print("error: the pydexcom baseline wrote a wrong answer")
                return nil
            }
        }

        func row(_ name: String, _ arguments: [String], empty: [String], bytes: Int, runs: Int) -> Row? {
            guard let full = ChildProcess.measure(arguments, outputPath: output, runs: runs),
                let peak = ChildProcess.peakMemory(arguments, outputPath: output, scratch: folder.path),
                let emptyPeak = ChildProcess.peakMemory(empty, outputPath: output, scratch: folder.path)
            else {
                print("error: \(name) failed")
                return nil
            }
            return Row(
                name: name, median: full.median, fastest: full.fastest, cpu: full.cpu, inputBytes: bytes,
                peakAboveEmpty: peak - emptyPeak)
        }
        guard
            let v3Ours = row(
                "cgm normalize", [cgm, "normalize", "--provider", "dexcom_v3", v3File],
                empty: [cgm, "normalize", "--provider", "dexcom_v3", emptyV3File], bytes: v3.count, runs: runs),
            let v3Theirs = row(
                "Foundation baseline program", [baseline, "v3", v3File], empty: [baseline, "v3", emptyV3File],
                bytes: v3.count, runs: baselineRuns),
            let shareOurs = row(
                "cgm normalize", [cgm, "normalize", "--provider", "dexcom", shareFile],
                empty: [cgm, "normalize", "--provider", "dexcom", emptyShareFile], bytes: share.count,
                runs: runs),
            let shareTheirs = row(
                "Foundation baseline program", [baseline, "share", shareFile],
                empty: [baseline, "share", emptyShareFile], bytes: share.count, runs: baselineRuns),
            let help = row("cgm help (start-up)", [cgm, "help"], empty: [cgm, "help"], bytes: 0, runs: runs),
            let emptyOurs = row(
                "cgm normalize, empty v3 payload", [cgm, "normalize", "--provider", "dexcom_v3", emptyV3File],
                empty: [cgm, "help"], bytes: Datasets.emptyV3.count, runs: runs),
            let emptyTheirs = row(
                "Foundation baseline, empty v3 payload", [baseline, "v3", emptyV3File],
                empty: [baseline, "v3", emptyV3File], bytes: Datasets.emptyV3.count, runs: runs)
        else { return nil }
        figures.v3 = [v3Ours, v3Theirs]
        figures.share = [shareOurs, shareTheirs]
        if figures.pydexcomAvailable,
            let python = row(
                "pydexcom (Python)", ["python3", script, shareFile], empty: ["python3", script, emptyShareFile],
                bytes: share.count, runs: baselineRuns)
        {
            figures.share.append(python)
        }
        figures.startup = [help, emptyOurs, emptyTheirs]
        return figures
    }
}
