import CGMKit

/// The `cgm` command: dispatch to subcommands, each of which parses its own options
/// from its ``CommandSpec``.
public struct CommandLineTool {
    let io: any CommandIO

    /// The version `cgm --version` prints.
    public static let version = "0.1.0"

    /// Every subcommand's option table, in the order `cgm --help` lists them.
    static let commands: [CommandSpec] = [
        NormalizeCommand.spec, ExportCommand.spec, FetchCommand.spec, DemoCommand.spec, ReportCommand.spec,
        SandboxCommand.spec,
    ]

    /// Creates the tool over an I/O.
    public init(io: any CommandIO) {
        self.io = io
    }

    /// Runs any command, including those that talk to a server (`fetch`, and `demo` and
    /// `report --sandbox`, whose server is the in-process sandbox).
    public func runAsync(_ arguments: [String]) async -> ExitCode {
        switch arguments.first {
        case "fetch": return await FetchCommand(io: io).run(Array(arguments.dropFirst()))
        case "demo": return await DemoCommand(io: io).run(Array(arguments.dropFirst()))
        case "report": return await ReportCommand(io: io).run(Array(arguments.dropFirst()))
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
        case "fetch", "demo", "report":
            io.writeErrorLine("\(subcommand) talks to a server; run it through runAsync")
            return .usage
        case "help", "--help", "-h":
            if let name = rest.first {
                guard let command = Self.commands.first(where: { $0.name == name }) else {
                    io.reportUsageError(UsageError(message: "unknown command '\(name)'"), command: nil)
                    return .usage
                }
                io.writeStandardOutput(Array(command.help.utf8))
            } else {
                io.writeStandardOutput(Array(Self.usage.utf8))
            }
            return .success
        case "--version":
            io.writeStandardOutput(Array("cgm \(Self.version)\n".utf8))
            return .success
        default:
            io.reportUsageError(UsageError(message: "unknown command '\(subcommand)'"), command: nil)
            return .usage
        }
    }

    /// The list of commands: each one's synopsis and summary, generated from the tables.
    static var usage: String {
        var lines = ["usage: cgm <command> [options]", "", "commands:"]
        for command in commands {
            lines += CommandSpec.wrap(words: command.usageWords, first: "  ", rest: "      ")
            lines += CommandSpec.wrap(command.summary, first: "      ", rest: "      ")
        }
        lines += ["", "See 'cgm <command> --help' for a command's options; 'cgm --version' prints the version."]
        return lines.joined(separator: "\n") + "\n"
    }
}
