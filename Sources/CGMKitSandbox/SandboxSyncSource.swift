@_spi(AdapterSupport) import CGMKit

/// A simulated user as a `CGMSyncSource` (provider `sandbox`): the user's trace
/// served directly as unified records, as of a clock, with no HTTP and no account.
///
/// Records appear when they are uploaded (``SandboxTrace``): a signal loss backfills
/// late, a receiver uploads once a day. The sync re-reads ``lookbackMilliseconds``
/// (25 hours by default, to cover a receiver's nightly upload) before the cursor's
/// position and delivers what it had not delivered. Horizon: the trace's length.
/// ``setOutage(_:)`` simulates the vendor failing, for hosts to test their loop.
///
/// Readings map as Dexcom's do (SPEC §2.2): 39 is `belowRange` 40, 401 `aboveRange`
/// 400. Calibrations and alerts are served too; events are not.
///
/// ```swift
/// let source = SandboxSyncSource(user: .g6, days: 14, clock: clock)
/// let result = await source.sync(since: nil)
/// ```
public actor SandboxSyncSource: CGMSyncSource {
    /// The user.
    public nonisolated let user: SandboxUser
    /// Everything the user's devices recorded.
    public nonisolated let trace: SandboxTrace
    /// How far back the simulated vendor serves: the trace's length.
    public nonisolated let syncHorizon: CGMSyncHorizon
    /// How far before the cursor's position a sync re-reads.
    public nonisolated let lookbackMilliseconds: Int64
    private let clock: any CGMClock
    private var outage = false
    /// Syncs served, for tests and benchmarks.
    public private(set) var syncCount = 0

    /// The default look-back: 25 hours.
    public static let defaultLookbackMilliseconds: Int64 = 25 * 3_600_000

    /// A source for `user` with `days` of history ending at `end`, answering as of `clock`.
    public init(
        user: SandboxUser, days: Int, end: CGMInstant = SandboxServer.defaultNow, clock: any CGMClock,
        lookbackMilliseconds: Int64 = SandboxSyncSource.defaultLookbackMilliseconds
    ) {
        self.user = user
        self.trace = SandboxTrace(user: user, days: days, end: end)
        self.syncHorizon = CGMSyncHorizon(milliseconds: Int64(max(1, days)) * 86_400_000)
        self.lookbackMilliseconds = max(0, lookbackMilliseconds)
        self.clock = clock
    }

    /// `sandbox`.
    public nonisolated var syncProvider: ProviderID { .sandbox }

    /// While `active`, every sync fails with `CGMError.Code.serverUnavailable`.
    public func setOutage(_ active: Bool) {
        outage = active
    }

    /// What is new since `cursor` (see `CGMSyncSource`).
    public func sync(since cursor: CGMSyncCursor?) async -> CGMSyncResult {
        syncCount += 1
        let plan: CGMSyncPlan
        do {
            plan = try CGMSyncPlan(
                cursor: cursor, provider: .sandbox, now: clock.now(), horizon: syncHorizon,
                lookbackMilliseconds: lookbackMilliseconds)
        } catch {
            return CGMSyncPlan.rejected(cursor, provider: .sandbox, error: error)
        }
        guard !outage else {
            let failure = CGMError(code: .serverUnavailable, message: "the simulated vendor is down", httpStatus: 503)
            return plan.incomplete(
                CGMBatch(provider: .sandbox),
                failures: [CGMSyncFailure(error: failure, range: DataRange.Span(start: plan.start, end: plan.end))])
        }
        return plan.complete(batch(from: plan.start, to: plan.end))
    }

    /// Records with `start ≤ time < end` uploaded by `end`, normalized.
    func batch(from start: CGMInstant, to end: CGMInstant) -> CGMBatch {
        var assembler = BatchAssembler(provider: .sandbox)
        let device = DeviceInfo(
            generation: user.generation, displayDevice: user.displayDevice, displayApp: user.displayApp)
        for reading in trace.readings
        where reading.systemTime >= start && reading.systemTime < end && reading.uploadedAt <= end {
            let status: ReadingStatus = reading.value <= 39 ? .belowRange : reading.value >= 401 ? .aboveRange : .ok
            let value = Double(min(max(reading.value, 40), 400))
            assembler.add(
                GlucoseReading(
                    id: RecordID(provider: .sandbox, nativeID: reading.id), provider: .sandbox,
                    time: RecordTime(instant: reading.systemTime), glucose: GlucoseValue(milligramsPerDeciliter: value),
                    status: status, trend: GlucoseTrend(rawValue: reading.trend) ?? .unknown,
                    trendRate: reading.trendRate.map(GlucoseRate.init(milligramsPerDeciliterPerMinute:)), device: device
                ),
                index: nil)
        }
        for calibration in trace.calibrations
        where calibration.systemTime >= start && calibration.systemTime < end && calibration.uploadedAt <= end {
            assembler.add(
                Calibration(
                    id: RecordID(provider: .sandbox, nativeID: calibration.id), provider: .sandbox,
                    time: RecordTime(instant: calibration.systemTime),
                    glucose: GlucoseValue(milligramsPerDeciliter: Double(calibration.value)), device: device),
                index: nil)
        }
        for alert in trace.alerts where alert.systemTime >= start && alert.systemTime < end && alert.uploadedAt <= end {
            assembler.add(
                DeviceAlert(
                    id: RecordID(provider: .sandbox, nativeID: alert.id), provider: .sandbox,
                    time: RecordTime(instant: alert.systemTime), name: alert.name, state: "triggered"),
                index: nil)
        }
        return assembler.makeBatch()
    }
}
