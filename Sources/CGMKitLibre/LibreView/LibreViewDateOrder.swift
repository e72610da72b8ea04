/// The order of day and month in a LibreView `Device Timestamp` (`01-02-2026` is
/// 2 January month-first, 1 February day-first). It follows the LibreView account's
/// settings, not the file (fact sheet `librelinkup.md` §5.3).
public enum LibreViewDateOrder: String, Sendable, Hashable, CaseIterable {
    /// `MM-DD-YYYY`: US accounts, with a 12-hour clock in every sample.
    case monthFirst = "mdy"
    /// `DD-MM-YYYY`: European accounts, 24-hour clock.
    case dayFirst = "dmy"
}
