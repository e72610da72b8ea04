import CGMKit
import CGMKitDexcom
import CGMKitSandbox

/// `cgm sandbox`: writes a simulated user's raw vendor payloads, for `cgm normalize`,
/// tests and benchmarks.
struct SandboxCommand {
    let io: any CommandIO

    static let v3Endpoints = ["egvs", "calibrations", "events", "alerts", "devices", "dataRange"]
    /// The LibreLinkUp answers written; the first goes to standard output.
    static let libreLinkUpFiles = ["librelinkup-graph", "librelinkup-logbook", "librelinkup-connections"]

    static let spec = CommandSpec(
        name: "sandbox",
        summary: "Writes a simulated user's raw vendor payloads, for cgm normalize, tests and benchmarks: one endpoint "
            + "to standard output, or every endpoint as DIR/<endpoint>.json (Share: DIR/share.json; LibreLinkUp: "
            + "DIR/librelinkup-graph.json, -logbook.json, -connections.json; its graph alone to standard output).",
        options: [
            .value(
                "--user", OptionValues.sandboxUserNames.joined(separator: "|"),
                help: "The simulated user (default g7; libre3 with --provider librelinkup)."),
            .value(
                "--days", "N",
                help: "Days of data, 1 to 365 (default 1). One file holds them all, so keep to about 100 days (v3) "
                    + "or 150 (Share) for cgm normalize, which reads payloads up to 16 MiB."),
            .value(
                "--provider", ProviderRegistry.sandboxProviders.map(\.rawValue).joined(separator: "|"),
                help: "The wire format (default dexcom_v3)."),
            .value(
                "--endpoint", v3Endpoints.joined(separator: "|"),
                help: "The Dexcom v3 endpoint written to standard output (default egvs)."),
            .value("--output", "DIR", help: "Writes every endpoint into DIR, which must exist."),
            .value(
                "--format", exportFormats.joined(separator: "|"),
                help: "Writes the file Dexcom Clarity or LibreView would export for the user instead (invented "
                    + "names; DIR/clarity.csv or DIR/libreview.csv with --output). Normalize it with --time-zone "
                    + "and the user's zone."),
        ],
        operand: nil,
        discussion: "exit status: 0 ok; 64 bad usage; 73 DIR cannot be written.")

    /// The exported-file formats `--format` writes (SPEC §9).
    static let exportFormats = ["clarity-csv", "libreview-csv"]

    struct Options {
        var user = SandboxUser.g7
        var days = 1
        var provider = ProviderID.dexcomV3
        var endpoint = "egvs"
        var outputDirectory: String?
        var format: String?
    }

    func run(_ arguments: [String]) -> ExitCode {
        let options: Options
        switch Self.spec.parse(arguments, io: io, Self.options(from:)) {
        case .exit(let status): return status
        case .run(let parsed): options = parsed
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
            case "librelinkup-graph": payloads.libreGraph(now: now)
            case "librelinkup-logbook": payloads.libreLogbook(now: now)
            case "librelinkup-connections": payloads.libreConnections(now: now)
            default: payloads.egvs(from: start, to: now, now: now)
            }
        }
        if let format = options.format {
            let exports = SandboxExports(trace: payloads.trace)
            let bytes =
                format == "clarity-csv"
                ? exports.clarityCSV(from: start, to: now) : exports.libreViewCSV(from: start, to: now)
            guard let directory = options.outputDirectory else {
                io.writeStandardOutput(bytes)
                return .success
            }
            let name = format == "clarity-csv" ? "clarity.csv" : "libreview.csv"
            do {
                try io.writeFile(at: directory + "/" + name, bytes: bytes)
            } catch {
                io.writeErrorLine("could not write to the output folder (it must exist and be writable)")
                return .cannotCreate
            }
            io.writeStandardError("wrote 1 file to \(directory)\n")
            return .success
        }
        let files: [String]
        switch options.provider {
        case .dexcomShare: files = ["share"]
        case .libreLinkUp: files = Self.libreLinkUpFiles
        default: files = options.outputDirectory == nil ? [options.endpoint] : Self.v3Endpoints
        }
        guard let directory = options.outputDirectory else {
            io.writeStandardOutput(payload(files[0]) + [0x0A])
            return .success
        }
        do {
            for name in files {
                try io.writeFile(at: directory + "/" + name + ".json", bytes: payload(name) + [0x0A])
            }
        } catch {
            io.writeErrorLine("could not write to the output folder (it must exist and be writable)")
            return .cannotCreate
        }
        io.writeStandardError("wrote \(files.count) file\(files.count == 1 ? "" : "s") to \(directory)\n")
        return .success
    }

    static func options(from parsed: ParsedArguments) throws(UsageError) -> Options {
        var options = Options()
        if let user = parsed.value("--user") { options.user = try OptionValues.sandboxUser(user) }
        if let days = parsed.value("--days") {
            options.days = try OptionValues.count(days, option: "--days", in: 1...365)
        }
        if let provider = parsed.value("--provider") { options.provider = try OptionValues.sandboxProvider(provider) }
        if options.provider == .libreLinkUp, parsed.value("--user") == nil { options.user = .libre3 }
        if let endpoint = parsed.value("--endpoint") {
            options.endpoint = try OptionValues.choice(endpoint, option: "--endpoint", in: v3Endpoints)
        }
        options.outputDirectory = parsed.value("--output")
        if let format = parsed.value("--format") {
            options.format = try OptionValues.choice(format, option: "--format", in: exportFormats)
            if parsed.value("--provider") != nil || parsed.value("--endpoint") != nil {
                throw UsageError(message: "--format writes an exported file: it takes no --provider or --endpoint")
            }
        }
        return options
    }
}
