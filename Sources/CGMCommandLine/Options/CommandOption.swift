/// One option of a subcommand, as its table declares it: the single source of the
/// option's parsing and of its line in `cgm <command> --help`.
struct CommandOption: Sendable {
    /// What follows the option on the command line.
    enum Kind: Sendable {
        /// A switch: present or absent, never followed by a value (`--compact`).
        case flag
        /// An option followed by one value (`--unit mmol/L` or `--unit=mmol/L`);
        /// `placeholder` names the value in the help (`mg/dL|mmol/L`, `N`, `FILE`).
        case value(placeholder: String)
    }

    /// The option as typed, with its leading dashes (`--unit`).
    let name: String
    /// Whether the option takes a value.
    let kind: Kind
    /// Whether the command refuses to run without it.
    let isRequired: Bool
    /// One or two short sentences for the help.
    let help: String

    /// An option followed by a value.
    static func value(_ name: String, _ placeholder: String, required: Bool = false, help: String) -> CommandOption {
        CommandOption(name: name, kind: .value(placeholder: placeholder), isRequired: required, help: help)
    }

    /// A switch without a value.
    static func flag(_ name: String, help: String) -> CommandOption {
        CommandOption(name: name, kind: .flag, isRequired: false, help: help)
    }

    /// The option as the synopsis shows it: `--unit mg/dL|mmol/L`, or `--compact`.
    var synopsis: String {
        switch kind {
        case .flag: name
        case .value(let placeholder): "\(name) \(placeholder)"
        }
    }
}
