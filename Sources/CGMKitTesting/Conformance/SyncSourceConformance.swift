import CGMKit
import Foundation

/// The shared conformance check of `CGMSyncSource` (SPEC §12): every built-in
/// client passes it, and a third-party adapter runs it the same way.
///
/// The check drives the source the way a host's loop does, storing each result's
/// cursor as JSON and syncing from the decoded copy:
/// 1. a first sync (`nil` cursor), then an immediate re-run, then `steps` syncs with
///    the vendor's clock moved by `stepMilliseconds` before each;
/// 2. an outage: `setOutage(true)`, one step, one sync, which must be incomplete, list
///    failures, and not move the cursor's position; then `setOutage(false)`, one
///    step, one sync, which must be complete;
/// 3. a fresh first sync at the end: every record it delivers must have been
///    delivered by the chain, so nothing was skipped (the outage's data included).
///
/// Throughout: each cursor round-trips through JSON (decode(encode(c)) == c, and
/// encoding again gives the same bytes), belongs to the source's provider, every
/// batch keeps SPEC §2.1's order, and no timed record is delivered twice.
///
/// ```swift
/// let problems = await SyncSourceConformance.check(source,
///     advance: { clock.advance(milliseconds: $0) },
///     setOutage: { await transport.setFailing($0) })
/// #expect(problems == [])
/// ```
public enum SyncSourceConformance {
    /// Runs the check; returns its problems (empty when the source conforms).
    /// - Parameters:
    ///   - source: the source, over a vendor (or simulation) with data in its horizon.
    ///   - stepMilliseconds: how far the clock moves between syncs (default 30 minutes).
    ///   - steps: how many ordinary steps to take (default 4).
    ///   - advance: moves the clock the source and its vendor read.
    ///   - setOutage: makes every request of the source fail (`true`) or succeed again.
    public static func check(
        _ source: any CGMSyncSource, stepMilliseconds: Int64 = 1_800_000, steps: Int = 4,
        advance: @Sendable (Int64) async -> Void,
        setOutage: @Sendable (Bool) async -> Void
    ) async -> [String] {
        var run = Run(source: source)
        var cursor: CGMSyncCursor? = nil

        let first = await run.sync(from: cursor, label: "the first sync")
        run.expectComplete(first, label: "the first sync")
        if run.delivered.isEmpty { run.problems.append("the first sync delivered no record: the check needs data") }
        cursor = run.store(first.cursor, label: "the first sync")

        let rerun = await run.sync(from: cursor, label: "the immediate re-run")
        run.expectComplete(rerun, label: "the immediate re-run")
        cursor = run.store(rerun.cursor, label: "the immediate re-run")

        for step in 1...max(1, steps) {
            await advance(stepMilliseconds)
            let result = await run.sync(from: cursor, label: "step \(step)")
            run.expectComplete(result, label: "step \(step)")
            cursor = run.store(result.cursor, label: "step \(step)")
        }

        await setOutage(true)
        await advance(stepMilliseconds)
        let failed = await run.sync(from: cursor, label: "the outage")
        await setOutage(false)
        if failed.isComplete || failed.failures.isEmpty {
            run.problems.append("the sync during the outage claims to be complete")
        }
        if let before = cursor?.position, let after = failed.cursor.position, after > before {
            run.problems.append("the incomplete sync moved the cursor past data it did not fetch")
        }
        if cursor?.position == nil, failed.cursor.position != nil {
            run.problems.append("the incomplete sync gave a position to a cursor that had none")
        }
        cursor = run.store(failed.cursor, label: "the outage")

        await advance(stepMilliseconds)
        let recovered = await run.sync(from: cursor, label: "the recovery")
        run.expectComplete(recovered, label: "the recovery")
        cursor = run.store(recovered.cursor, label: "the recovery")

        let fresh = await source.sync(since: nil)
        let missed = Run.ids(fresh.batch).filter { !run.delivered.contains($0) }
        if !missed.isEmpty {
            run.problems.append(
                "\(missed.count) record(s) a fresh sync returns were never delivered by the cursor chain")
        }
        return run.problems
    }

    /// The state of one run of the check.
    struct Run {
        let source: any CGMSyncSource
        var delivered: Set<RecordID> = []
        var problems: [String] = []

        init(source: any CGMSyncSource) {
            self.source = source
        }

        mutating func sync(from cursor: CGMSyncCursor?, label: String) async -> CGMSyncResult {
            let result = await source.sync(since: cursor)
            if result.batch.provider != source.syncProvider {
                problems.append("\(label): the batch belongs to another provider")
            }
            if result.cursor.provider != source.syncProvider {
                problems.append("\(label): the cursor belongs to another provider")
            }
            problems += ConformanceChecks.sortedAndUnique(result.batch).map { "\(label): \($0)" }
            let repeated = Self.ids(result.batch).filter { !delivered.insert($0).inserted }
            if !repeated.isEmpty {
                problems.append("\(label): \(repeated.count) record(s) delivered a second time")
            }
            return result
        }

        mutating func expectComplete(_ result: CGMSyncResult, label: String) {
            if !result.isComplete {
                let codes = result.failures.map(\.error.code.description).joined(separator: ", ")
                problems.append("\(label) is incomplete (\(codes))")
            }
        }

        /// Stores the cursor as a host would (JSON) and returns the copy read back.
        mutating func store(_ cursor: CGMSyncCursor, label: String) -> CGMSyncCursor? {
            do {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                let bytes = try encoder.encode(cursor)
                let decoded = try JSONDecoder().decode(CGMSyncCursor.self, from: bytes)
                if decoded != cursor { problems.append("\(label): the cursor changed through JSON") }
                if try encoder.encode(decoded) != bytes {
                    problems.append("\(label): the cursor's JSON changed when encoded again")
                }
                return decoded
            } catch {
                problems.append("\(label): the cursor does not round-trip through JSON")
                return cursor
            }
        }

        static func ids(_ batch: CGMBatch) -> [RecordID] {
            batch.readings.map(\.id) + batch.calibrations.map(\.id) + batch.events.map(\.id) + batch.alerts.map(\.id)
        }
    }
}
