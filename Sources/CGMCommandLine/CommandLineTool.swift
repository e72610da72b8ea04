import CGMKit

/// The `cgm` command: argument parsing and dispatch to subcommands.
public struct CommandLineTool {
    let io: any CommandIO

    /// Creates the tool over an I/O.
    public init(io: any CommandIO) {
        self.io = io
    }

    /// Runs any command, including those that talk to a server (`fetch`, and `demo`,
    /// whose server is the in-process sandbox).
    public func runAsync(_ arguments: [String]) async -> ExitCode {
        switch arguments.first {
        case "fetch": return await FetchCommand(io: io).run(Array(arguments.dropFirst()))
        case "demo": return await DemoCommand(io: io).run(Array(arguments.dropFirst()))
        default: return run(arguments)
        }
    }

    /// Runs the command with `arguments` (without the program name).
    public func run(_ arguments: [String]) -> ExitCode {
        guard let subcommand = arguments.first else {
            io.writeStandardError(Self.usage)
            return .usage
        }
        let rest = Array(arguments.dropFirst())
        switch subcommand {
        case "normalize":
            return NormalizeCommand(io: io).run(rest)
        case "sandbox":
            return SandboxCommand(io: io).run(rest)
        case "export":
            return ExportCommand(io: io).run(rest)
        case "fetch", "demo":
            io.writeStandardError("error: \(subcommand) talks to a server; run it through runAsync\n")
            return .usage
        case "help", "--help", "-h":
            io.writeStandardOutput(Array(Self.usage.utf8))
            return .success
        default:
            io.writeStandardError("error: unknown subcommand '\(subcommand)'\n" + Self.usage)
            return .usage
        }
    }

    static let usage = """
        usage: cgm <subcommand> [options]

          normalize --provider <\(ProviderRegistry.names.joined(separator: "|"))> [--unit mg/dL|mmol/L]
                    [--conversion standard|divide-by-18] [--compact] [FILE]
              Reads one raw provider payload (FILE, or standard input when FILE is
              absent or '-') and prints one cgmkit.batch.v1 JSON batch.
              Exit 0: understood (even with per-record issues); 64: bad usage;
              65: not a payload of that provider; 66: FILE cannot be opened.

          fetch --provider dexcom --region <us|ous|jp> [--minutes N] [--max-count N]
                [--unit mg/dL|mmol/L] [--compact]
              Logs in to Dexcom Share and prints the latest readings as one batch.
              Credentials come from the environment, never from arguments:
              DEXCOM_USERNAME (or DEXCOM_ACCOUNT_ID) and DEXCOM_PASSWORD.
              Exit 0 ok; 64 bad usage; 69 service failed; 77 credentials rejected
              or account locked.

          demo [--user g7|g6|receiver|mmol] [--days N] [--unit mg/dL|mmol/L] [--svg FILE]
               [--provider dexcom_v3|dexcom]
              Fetches a simulated user through the real adapters, offline, and shows
              the last 24 hours as a chart, the latest value, and the consensus summary
              (time in ranges, mean, SD, CV, GMI, data sufficiency). --svg writes an
              AGP daily profile. Exit 0 ok; 64 bad usage; 73 FILE cannot be written.

          export --format fhir|omh|csv|iglu [--subject Patient/ID] [--identifier-system URI]
                 [--unit mg/dL|mmol/L] [--out-of-range absent|comparator] [--unavailable error|omit]
                 [--period YYYY-MM-DD/YYYY-MM-DD] [--timestamp INSTANT] [--compact] [FILE]
              Reads one cgmkit.batch.v1 batch (FILE or standard input) and writes it as a
              FHIR R4 CGM IG transaction Bundle (--subject required), Open mHealth
              blood-glucose 4.0 data points, tidy CSV, or iglu's id,time,gl CSV
              (Docs/Export.md). Exit 0 ok; 64 bad usage; 65 not a batch, unknown schema
              version, mixed units, or (fhir) no reading to export; 66 FILE cannot be opened.

          sandbox [--user g7|g6|receiver|mmol] [--days N] [--provider dexcom_v3|dexcom]
                  [--endpoint egvs|calibrations|events|alerts|devices|dataRange] [--output DIR]
              Writes a simulated user's raw vendor payloads: one endpoint to standard
              output, or every endpoint as DIR/<endpoint>.json (Share: DIR/share.json).

        """
}
