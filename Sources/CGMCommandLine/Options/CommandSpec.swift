/// The option table of one subcommand. Parsing, `cgm <command> --help` and the usage
/// line are all generated from it, so an option is declared once.
///
/// Rules (POSIX utility conventions, with GNU long options):
/// - `--name value` and `--name=value` are the same; a switch takes no `=value`.
/// - A value that looks like an option (`--provider --unit`), or an empty one
///   (`--output ''`), is refused: the value is missing. A lone `-` is an operand
///   (standard input), and after `--` every argument is one.
/// - An option given twice, an unknown option, a missing required option and a surplus
///   operand are usage errors (exit 64) of one line, followed by a pointer to the help.
/// - `--help` or `-h` anywhere before `--` prints the help on standard output and exits 0.
struct CommandSpec: Sendable {
    /// The subcommand's name (`normalize`).
    let name: String
    /// One line for the list of commands.
    let summary: String
    /// The options, in the order the help lists them.
    let options: [CommandOption]
    /// The operand's name and help (`FILE`), or `nil` when the command takes none.
    let operand: (name: String, help: String)?
    /// Paragraphs after the options: input, output, exit statuses.
    let discussion: String

    /// Parses `arguments` (those after the subcommand's name).
    ///
    /// - Returns: the parsed arguments, or `nil` when help was asked for.
    /// - Throws: ``UsageError`` naming the first mistake.
    func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments? {
        let beforeOperands = arguments.prefix { $0 != "--" }
        if beforeOperands.contains(where: { $0 == "--help" || $0 == "-h" }) { return nil }
        var parsed = ParsedArguments()
        var remaining = arguments[...]
        var onlyOperands = false
        while let argument = remaining.popFirst() {
            if onlyOperands || argument == "-" || !argument.hasPrefix("-") {
                parsed.operands.append(argument)
                continue
            }
            if argument == "--" {
                onlyOperands = true
                continue
            }
            let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let inline = parts.count == 2 ? String(parts[1]) : nil
            guard let option = options.first(where: { $0.name == name }) else {
                throw UsageError(message: "unknown option '\(name)'")
            }
            guard parsed.values[name] == nil, !parsed.flags.contains(name) else {
                throw UsageError(message: "\(name) is given twice")
            }
            switch option.kind {
            case .flag:
                guard inline == nil else { throw UsageError(message: "\(name) takes no value") }
                parsed.flags.insert(name)
            case .value:
                if let inline, !inline.isEmpty {
                    parsed.values[name] = inline
                } else if inline == nil, let next = remaining.first, !next.isEmpty, next == "-" || !next.hasPrefix("-")
                {
                    parsed.values[name] = next
                    remaining.removeFirst()
                } else {
                    throw UsageError(message: "\(name) needs a value")
                }
            }
        }
        for option in options where option.isRequired && parsed.values[option.name] == nil {
            throw UsageError(message: "\(option.name) is required")
        }
        let allowed = operand == nil ? 0 : 1
        if parsed.operands.count > allowed {
            throw UsageError(
                message: allowed == 0 ? "\(name) takes no operand" : "only one \(operand?.name ?? "FILE") is read")
        }
        return parsed
    }

    /// The synopsis: `cgm normalize --provider NAME [--unit mg/dL|mmol/L] … [FILE]`.
    var usageLine: String { usageWords.joined(separator: " ") }

    /// The synopsis as words that are never split: `[--svg FILE]` is one word.
    var usageWords: [String] {
        var words = ["cgm", name]
        for option in options {
            words.append(option.isRequired ? option.synopsis : "[\(option.synopsis)]")
        }
        if let operand { words.append("[\(operand.name)]") }
        return words
    }

    /// The full help: synopsis, summary, options with their help, discussion; wrapped
    /// to ``helpWidth`` columns.
    var help: String {
        var lines = Self.wrap(words: usageWords, first: "usage: ", rest: "         ")
        lines.append("")
        lines += Self.wrap(summary)
        lines += ["", "options:"]
        let rows =
            options.map { ($0.synopsis, $0.help + ($0.isRequired ? " Required." : "")) }
            + (operand.map { [($0.name, $0.help)] } ?? [])
            + [("-h, --help", "Shows this help.")]
        let column = String(repeating: " ", count: 24)
        for (synopsis, text) in rows {
            if synopsis.count <= 20 {
                let label = "  " + synopsis + String(repeating: " ", count: 22 - synopsis.count)
                lines += Self.wrap(text, first: label, rest: column)
            } else {
                lines.append("  " + synopsis)
                lines += Self.wrap(text, first: column, rest: column)
            }
        }
        if !discussion.isEmpty {
            lines.append("")
            lines.append(discussion)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The column help text wraps at.
    static let helpWidth = 80

    /// `text` broken at spaces into lines of at most ``helpWidth`` columns, the first
    /// line starting with `first`, the others with `rest`.
    static func wrap(_ text: String, first: String = "", rest: String = "") -> [String] {
        wrap(words: text.split(separator: " ").map(String.init), first: first, rest: rest)
    }

    /// `words` joined by spaces into lines of at most ``helpWidth`` columns (a longer
    /// word stands alone), the first line starting with `first`, the others with `rest`.
    static func wrap(words: [String], first: String = "", rest: String = "") -> [String] {
        var lines: [String] = []
        var line = first
        var hasWord = false
        for word in words {
            if hasWord && line.count + 1 + word.count > helpWidth {
                lines.append(line)
                line = rest + word
            } else {
                line += (hasWord ? " " : "") + word
            }
            hasWord = true
        }
        lines.append(line)
        return lines
    }
}

/// What parsing a command line decided: run with these options, or exit with this
/// status (the help was printed, or a usage error reported).
enum ParseOutcome<Options> {
    case run(Options)
    case exit(ExitCode)
}

extension CommandSpec {
    /// Parses `arguments` and turns them into a command's options with `interpret`.
    /// Prints the help (exit 0), or one usage-error line and a pointer to the help
    /// (exit 64), through `io` when there is nothing to run.
    func parse<Options>(
        _ arguments: [String], io: any CommandIO,
        _ interpret: (ParsedArguments) throws(UsageError) -> Options
    ) -> ParseOutcome<Options> {
        do {
            guard let parsed = try parse(arguments) else {
                io.writeStandardOutput(Array(help.utf8))
                return .exit(.success)
            }
            return .run(try interpret(parsed))
        } catch {
            io.reportUsageError(error, command: name)
            return .exit(.usage)
        }
    }
}

extension CommandIO {
    /// Writes a usage error as one `error:` line plus `see 'cgm <command> --help'`.
    func reportUsageError(_ error: UsageError, command: String?) {
        writeErrorLine(error.message)
        writeStandardError("see 'cgm \(command.map { $0 + " " } ?? "")--help'\n")
    }
}
