import CGMKit

/// The `cgm` command: argument parsing and dispatch to subcommands.
public struct CommandLineTool {
    let io: any CommandIO

    /// Creates the tool over an I/O.
    public init(io: any CommandIO) {
        self.io = io
    }

    /// Runs a command that may reach the network (`fetch`), or any other.
    public func runAsync(_ arguments: [String]) async -> ExitCode {
        if arguments.first == "fetch" {
            return await FetchCommand(io: io).run(Array(arguments.dropFirst()))
        }
        return run(arguments)
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
        case "demo":
            return DemoCommand(io: io).run(rest)
        case "fetch":
            io.writeStandardError("error: fetch reaches the network; run it through runAsync\n")
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

          demo
              Shows the whole pipeline offline with simulated data.

        """
}
