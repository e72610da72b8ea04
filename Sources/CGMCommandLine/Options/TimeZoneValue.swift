// `TimeZone(identifier:)` finds IANA zones on Linux only when FoundationInternationalization
// is loaded (FoundationEssentials alone answers nil for "Europe/Berlin"). Linking it costs
// `cgm` about 1–1.5 ms (1.26×) of start-up on every command (Docs/Performance.md).
#if canImport(FoundationInternationalization)
    import FoundationEssentials
    import FoundationInternationalization
#else
    import Foundation
#endif

extension OptionValues {
    /// An IANA time zone by name (`Europe/Berlin`, `America/New_York`, `UTC`), from the
    /// platform's time-zone database; the machine's zone is never a default.
    static func timeZone(_ name: String, option: String = "--time-zone") throws(UsageError) -> TimeZone {
        guard !name.isEmpty, name.utf8.count <= 64, let zone = TimeZone(identifier: name) else {
            throw UsageError(message: "\(option) must be an IANA time zone such as Europe/Berlin or America/New_York")
        }
        return zone
    }

    /// The placeholder of the time-zone option.
    static let timeZonePlaceholder = "ZONE"
}
