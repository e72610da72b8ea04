@_spi(AdapterSupport) import CGMKit

/// Polls Dexcom Share for new readings, asking only for what is missing.
///
/// Each ``poll()`` requests the window since the last known reading. After a gap
/// (consecutive readings more than 7.5 minutes apart) within ``backfillHorizonMinutes``,
/// it asks from the start of the gap instead, because the phone uploads readings it
/// missed during a signal loss later (backfill). Results are merged by id: a poll
/// returns only readings not seen before, each exactly once.
public actor DexcomSharePoller {
    /// The client that fetches.
    public let client: DexcomShareClient
    /// How far back gaps are re-requested to collect backfilled readings (default 3 hours).
    public let backfillHorizonMinutes: Int
    private let clock: any CGMClock
    private var known: [RecordID: GlucoseReading] = [:]

    /// Readings closer than this are consecutive (5-minute cadence plus tolerance).
    static let gapThresholdMilliseconds: Int64 = 450_000

    /// Creates a poller.
    public init(client: DexcomShareClient, clock: any CGMClock = SystemClock(), backfillHorizonMinutes: Int = 180) {
        self.client = client
        self.clock = clock
        self.backfillHorizonMinutes = max(0, min(backfillHorizonMinutes, DexcomShareClient.maximumMinutes))
    }

    /// Every reading seen in the last 24 hours, sorted by time.
    public var knownReadings: [GlucoseReading] {
        known.values.sorted {
            $0.time.instant < $1.time.instant || ($0.time.instant == $1.time.instant && $0.id < $1.id)
        }
    }

    /// Fetches and returns the readings not seen before, sorted by time, with the
    /// fetch's issues.
    ///
    /// - Throws: What `DexcomShareClient/latestReadings(minutes:maxCount:)` throws.
    public func poll() async throws -> CGMBatch {
        let now = clock.now()
        let window = nextWindow(now: now)
        let batch = try await client.latestReadings(minutes: window.minutes, maxCount: window.maxCount)
        var assembler = BatchAssembler(provider: .dexcomShare, relayedCopies: DexcomShareNormalizer.relayedCopies)
        let rule = DexcomShareNormalizer.relayedCopies
        for reading in batch.readings where known[reading.id] != reading {
            // A copy of a reading seen in an earlier poll (a watch uploading it later) is not new.
            if known[reading.id] == nil,
                known.values.contains(where: { rule.areCopies($0, reading) })
            {
                continue
            }
            known[reading.id] = reading
            assembler.add(reading, index: nil)
        }
        for issue in batch.issues { assembler.add(issue) }
        let horizon = now.adding(milliseconds: -Int64(DexcomShareClient.maximumMinutes) * 60_000)
        known = known.filter { $0.value.time.instant >= horizon }
        return assembler.makeBatch()
    }

    /// The `minutes` and `maxCount` the next poll asks for at `now`.
    public func nextWindow(now: CGMInstant) -> (minutes: Int, maxCount: Int) {
        let times = known.values.map(\.time.instant).sorted()
        guard let latest = times.last else {
            return (DexcomShareClient.maximumMinutes, DexcomShareClient.maximumCount)
        }
        var since = latest
        let horizon = now.adding(milliseconds: -Int64(backfillHorizonMinutes) * 60_000)
        for (earlier, later) in zip(times, times.dropFirst()) where later >= horizon {
            if later.millisecondsSince1970 - earlier.millisecondsSince1970 > Self.gapThresholdMilliseconds {
                since = max(earlier, horizon)
                break
            }
        }
        let elapsed = max(0, now.millisecondsSince1970 - since.millisecondsSince1970)
        let minutes = min(DexcomShareClient.maximumMinutes, Int((elapsed + 59_999) / 60_000) + 1)
        let maxCount = min(DexcomShareClient.maximumCount, (minutes + 4) / 5 + 1)
        return (minutes, maxCount)
    }
}

/// The poller holds a client and the latest readings: it renders as its type name only.
extension DexcomSharePoller: PHIRedacting {}
