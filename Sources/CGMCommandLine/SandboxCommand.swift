import CGMKit
import CGMKitDexcom
import CGMKitSandbox

/// `cgm sandbox`: writes a simulated user's raw vendor payloads, for `cgm normalize`,
/// tests and benchmarks.
struct SandboxCommand {
    let io: any CommandIO

    static let v3Endpoints = ["egvs", "calibrations", "events", "alerts", "devices", "dataRange"]

    struct Options {
        var user = SandboxUser.g7
        var days = 1
        var provider = ProviderID.dexcomV3
        var endpoint = "egvs"
        var outputDirectory: String?
    }

    func run(_ arguments: [String]) -> ExitCode {
        let options: Options
        do {
            options = try parse(arguments)
        } catch {
            io.writeStandardError("error: \(error.message)\n" + CommandLineTool.usage)
            return .usage
        }
        let server = SandboxServer(user: options.user, days: options.days)
        let now = server.now
        let start = now.adding(milliseconds: -Int64(options.days) * 86_400_000)
        let payloads = server.payloads
        func payload(_ endpoint: String) -> [UInt8] {
            switch endpoint {
            case "calibrations": payloads.calibrations(from: start, to: now, now: now)
            case "events": payloads.events(from: start, to: now, now: now)
            case "alerts": payloads.alerts(from: start, to: now, now: now)
            case "devices": payloads.devices(now: now)
            case "dataRange": payloads.dataRange(now: now)
            case "share": payloads.shareReadings(now: now, minutes: .max, maxCount: .max)
            default: payloads.egvs(from: start, to: now, now: now)
            }
        }
        let files = options.provider == .dexcomShare ? ["share"] : (options.outputDirectory == nil ? [options.endpoint] : Self.v3Endpoints)
        guard let directory = options.outputDirectory else {
            io.writeStandardOutput(payload(files[0]) + [0x0A])
            return .success
        }
        do {
            for name in files {
                try io.writeFile(at: directory + "/" + name + ".json", bytes: payload(name) + [0x0A])
            }
        } catch {
            io.writeErrorLine("could not write to the output folder")
            return .cannotCreate
        }
        io.writeStandardError("wrote \(files.count) file\(files.count == 1 ? "" : "s") to \(directory)\n")
        return .success
    }

    private func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var reader = ArgumentReader(arguments)
        while let (argument, flag, inline) = reader.next() {
            switch flag {
            case "--user":
                options.user = try ArgumentReader.sandboxUser(try reader.value(for: flag, inline: inline))
            case "--days":
                options.days = try ArgumentReader.count(try reader.value(for: flag, inline: inline), flag: flag, in: 1...365)
            case "--provider":
                options.provider = try ArgumentReader.sandboxProvider(try reader.value(for: flag, inline: inline))
            case "--endpoint":
                let endpoint = try reader.value(for: flag, inline: inline)
                guard Self.v3Endpoints.contains(endpoint) else {
                    throw UsageError(message: "--endpoint must be one of \(Self.v3Endpoints.joined(separator: ", "))")
                }
                options.endpoint = endpoint
            case "--output":
                options.outputDirectory = try reader.value(for: flag, inline: inline)
            default:
                throw UsageError(message: "unknown option '\(argument)'")
            }
        }
        return options
    }
}
