/// How far back a vendor serves data (Dexcom Share: 24 hours; Dexcom v3: 90 days;
/// Nightscout: as the site keeps it, 90 days by default).
public struct CGMSyncHorizon: Sendable, Hashable, CustomStringConvertible {
    /// The span, in milliseconds (at least one second).
    public let milliseconds: Int64

    /// A horizon of `milliseconds` (clamped to one second … 100 years).
    public init(milliseconds: Int64) {
        self.milliseconds = min(max(milliseconds, 1_000), 100 * 366 * 86_400_000)
    }

    /// A horizon of `hours`.
    public static func hours(_ hours: Int) -> CGMSyncHorizon {
        CGMSyncHorizon(milliseconds: Int64(min(max(hours, 0), 1_000_000)) * 3_600_000)
    }

    /// A horizon of `days`.
    public static func days(_ days: Int) -> CGMSyncHorizon {
        CGMSyncHorizon(milliseconds: Int64(min(max(days, 0), 40_000)) * 86_400_000)
    }

    /// For example `"24 h"`.
    public var description: String {
        milliseconds % 86_400_000 == 0 && milliseconds >= 2 * 86_400_000
            ? "\(milliseconds / 86_400_000) d" : "\(milliseconds / 3_600_000) h"
    }
}
