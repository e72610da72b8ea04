import Foundation

/// Finds secrets and health data that escaped into text: render a value every way a
/// host might by accident, and look for canary strings planted in the inputs.
public enum CanaryCheck {
    /// `"\(value)"`, `String(reflecting:)`, `dump()`, a recursive Mirror walk (8
    /// levels), and `localizedDescription` for errors.
    public static func renderings(of value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        var mirrored = ""
        func walk(_ subject: Any, depth: Int) {
            guard depth < 8 else { return }
            for child in Mirror(reflecting: subject).children {
                mirrored += "\(child.label ?? "") \(child.value)\n"
                walk(child.value, depth: depth + 1)
            }
        }
        walk(value, depth: 0)
        var texts = ["\(value)", String(reflecting: value), dumped, mirrored]
        if let error = value as? any Error { texts.append(error.localizedDescription) }
        return texts
    }

    /// The canaries that appear in any rendering of `value`; empty when none leaked.
    public static func leaks(in value: Any, canaries: [String]) -> [String] {
        let texts = renderings(of: value)
        return canaries.filter { canary in texts.contains { $0.contains(canary) } }
    }
}
