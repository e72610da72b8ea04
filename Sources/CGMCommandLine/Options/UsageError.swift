/// A bad command line. The message says what to fix in one line and never repeats a
/// value that could be personal (a path, a name): only option names and allowed values.
struct UsageError: Error, Sendable {
    let message: String

    /// The one wording for a value outside what an option allows.
    static func invalidValue(_ option: String, allowed: String) -> UsageError {
        UsageError(message: "\(option) must be \(allowed)")
    }
}
