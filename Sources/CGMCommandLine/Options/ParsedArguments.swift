/// The arguments of one subcommand after its ``CommandSpec`` parsed them: option values
/// by option name, the switches given, and the operands (files).
struct ParsedArguments: Sendable {
    /// Option values keyed by option name (`"--unit": "mmol/L"`).
    var values: [String: String] = [:]
    /// The switches given (`--compact`).
    var flags: Set<String> = []
    /// Arguments that are not options, in order (`-` stands for standard input).
    var operands: [String] = []

    /// The value given for `option`, or `nil` when it was not given.
    func value(_ option: String) -> String? { values[option] }

    /// Whether the switch `option` was given.
    func has(_ option: String) -> Bool { flags.contains(option) }
}
