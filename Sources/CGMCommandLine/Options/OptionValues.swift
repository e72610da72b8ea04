import CGMKit
import CGMKitSandbox

/// The typed values options share, each parsed with one rule and one error wording
/// (``UsageError/invalidValue(_:allowed:)``).
enum OptionValues {
    /// A glucose unit: `mg/dL` or `mmol/L` (any case; `mgdl` and `mmol` too).
    static func unit(_ text: String, option: String = "--unit") throws(UsageError) -> GlucoseUnit {
        switch text.lowercased() {
        case "mg/dl", "mgdl": .milligramsPerDeciliter
        case "mmol/l", "mmol": .millimolesPerLiter
        default: throw .invalidValue(option, allowed: "mg/dL or mmol/L")
        }
    }

    /// An mmol/L factor: `standard` (18.01559) or `divide-by-18`.
    static func conversion(_ text: String, option: String = "--conversion") throws(UsageError) -> GlucoseConversion {
        switch text {
        case "standard": .standard
        case "divide-by-18": .divideBy18
        default: throw .invalidValue(option, allowed: "standard or divide-by-18")
        }
    }

    /// The placeholder of the conversion options.
    static let conversionPlaceholder = "standard|divide-by-18"

    /// A provider the sandbox speaks (`dexcom_v3` or `dexcom`).
    static func sandboxProvider(_ name: String, option: String = "--provider") throws(UsageError) -> ProviderID {
        let spoken = ProviderRegistry.sandboxProviders.map(\.rawValue)
        guard let provider = ProviderID(name), spoken.contains(name) else {
            throw .invalidValue(option, allowed: spoken.joined(separator: " or "))
        }
        return provider
    }

    /// A simulated user (`g7`, `g6`, `receiver`, `mmol`).
    static func sandboxUser(_ name: String, option: String = "--user") throws(UsageError) -> SandboxUser {
        guard let user = SandboxUser.named(name) ?? (name == SandboxUser.libre3.name ? .libre3 : nil) else {
            throw .invalidValue(option, allowed: "one of " + sandboxUserNames.joined(separator: ", "))
        }
        return user
    }

    /// Every simulated user: the Dexcom ones, then the LibreLinkUp one (`libre3`).
    static var sandboxUserNames: [String] { SandboxUser.all.map(\.name) + [SandboxUser.libre3.name] }

    /// A whole number within `range`.
    static func count(_ text: String, option: String, in range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw .invalidValue(option, allowed: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// One of a fixed list of words.
    static func choice(_ text: String, option: String, in allowed: [String]) throws(UsageError) -> String {
        guard allowed.contains(text) else {
            throw .invalidValue(
                option,
                allowed: allowed.count == 2
                    ? allowed.joined(separator: " or ") : "one of " + allowed.joined(separator: ", "))
        }
        return text
    }

    /// The placeholder of the unit options.
    static let unitPlaceholder = "mg/dL|mmol/L"
}
