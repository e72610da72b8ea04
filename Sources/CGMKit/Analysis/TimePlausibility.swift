/// Flags records whose instant cannot be true: later than now (a device clock set
/// ahead, or a wrong zone) or before any CGM existed (an unset clock at 1970).
///
/// Normalizers never drop such records, because they do not know "now" and a wrong
/// clock is still the vendor's record (reliability D3, G59); the host, which knows
/// the time, asks this type which records to treat with care.
public enum TimePlausibility {
    /// Why a record's time is implausible.
    public enum Anomaly: Sendable, Hashable {
        /// Later than now plus the tolerance.
        case future
        /// Before ``earliestPlausible``.
        case beforeCGMEra
    }

    /// A flagged record: its id and why. Renders without the id.
    public struct Finding: Sendable, Hashable, PHIRedacting {
        /// The record.
        public let id: RecordID
        /// What is wrong with its time.
        public let anomaly: Anomaly

        /// Creates a finding.
        public init(id: RecordID, anomaly: Anomaly) {
            self.id = id
            self.anomaly = anomaly
        }
    }

    /// 2000-01-01T00:00:00Z: no consumer CGM recorded earlier.
    public static let earliestPlausible = CGMInstant(millisecondsSince1970: 946_684_800_000)
    /// How far ahead of `now` a record may be before it is flagged: 10 minutes, for
    /// clock skew between the host and the vendor.
    public static let defaultFutureToleranceSeconds: Int64 = 600

    /// The readings, calibrations, events and alerts of `batch` whose instants are
    /// implausible at `now`, in the batch's order.
    public static func findings(
        in batch: CGMBatch, now: CGMInstant,
        futureToleranceSeconds: Int64 = defaultFutureToleranceSeconds
    ) -> [Finding] {
        let (tolerance, overflow) = futureToleranceSeconds.multipliedReportingOverflow(by: 1000)
        let latest = now.adding(milliseconds: overflow ? .max : tolerance)
        func check(_ id: RecordID, _ instant: CGMInstant) -> Finding? {
            if instant > latest { return Finding(id: id, anomaly: .future) }
            if instant < earliestPlausible { return Finding(id: id, anomaly: .beforeCGMEra) }
            return nil
        }
        return batch.readings.compactMap { check($0.id, $0.time.instant) }
            + batch.calibrations.compactMap { check($0.id, $0.time.instant) }
            + batch.events.compactMap { check($0.id, $0.time.instant) }
            + batch.alerts.compactMap { check($0.id, $0.time.instant) }
    }
}
