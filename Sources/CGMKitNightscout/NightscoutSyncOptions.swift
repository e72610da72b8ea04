@_spi(AdapterSupport) import CGMKit

/// How far a Nightscout sync reaches: Nightscout keeps what its site is configured
/// to keep, so the host says.
public struct NightscoutSyncOptions: Sendable, Hashable {
    /// How far back the site serves, and a first sync reaches. Default 90 days.
    public var horizon: CGMSyncHorizon
    /// How far before its cursor a sync re-reads, to collect entries uploaded late (a
    /// phone that was offline). Default 3 hours.
    public var lookbackMinutes: Int

    /// Options; defaults: 90 days, 3 hours.
    public init(horizon: CGMSyncHorizon = .days(90), lookbackMinutes: Int = 180) {
        self.horizon = horizon
        self.lookbackMinutes = min(max(lookbackMinutes, 0), 10 * 1440)
    }
}
