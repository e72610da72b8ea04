import CGMKit
import CGMKitSandbox

/// A bad command line: the message says what to fix.
struct UsageError: Error {
    let message: String
}

/// Walks command-line arguments: `--flag value` and `--flag=value` forms alike.
struct ArgumentReader {
    private var remaining: ArraySlice<String>

    init(_ arguments: [String]) {
        remaining = arguments[...]
    }

    /// The next argument split into its flag and an inline `=value`, or `nil` at the end.
    mutating func next() -> (argument: String, flag: String, inline: String?)? {
        guard let argument = remaining.popFirst() else { return nil }
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        let flag = parts.first ?? argument
        let inline = argument.hasPrefix("--") && parts.count == 2 ? parts[1] : nil
        return (argument, flag, inline)
    }

    /// The value of `flag`: its inline part, else the next argument.
    mutating func value(for flag: String, inline: String?) throws(UsageError) -> String {
        if let inline { return inline }
        guard let next = remaining.popFirst() else { throw UsageError(message: "\(flag) needs a value") }
        return next
    }

    /// A glucose unit named on the command line (`mg/dL`, `mmol/L`, any case).
    static func unit(_ text: String) throws(UsageError) -> GlucoseUnit {
        switch text.lowercased() {
        case "mg/dl", "mgdl": .milligramsPerDeciliter
        case "mmol/l", "mmol": .millimolesPerLiter
        default: throw UsageError(message: "--unit must be mg/dL or mmol/L")
        }
    }

    /// A provider the sandbox speaks (`dexcom_v3` or `dexcom`), named on the command line.
    static func sandboxProvider(_ name: String) throws(UsageError) -> ProviderID {
        let spoken = ProviderRegistry.sandboxProviders.map(\.rawValue)
        guard let provider = ProviderID(name), spoken.contains(name) else {
            throw UsageError(message: "--provider must be \(spoken.joined(separator: " or "))")
        }
        return provider
    }

    /// A simulated user named on the command line.
    static func sandboxUser(_ name: String) throws(UsageError) -> SandboxUser {
        guard let user = SandboxUser.named(name) else {
            throw UsageError(message: "--user must be one of \(SandboxUser.all.map(\.name).joined(separator: ", "))")
        }
        return user
    }

    /// A whole number within `range`.
    static func count(_ text: String, flag: String, in range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw UsageError(message: "\(flag) must be \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
