/// The Dexcom Web API v3 endpoints whose responses ``DexcomV3Normalizer`` reads.
public enum DexcomV3Endpoint: String, Sendable, Hashable, CaseIterable {
    /// `GET /v3/users/self/egvs`: estimated glucose values.
    case egvs
    /// `GET /v3/users/self/calibrations`.
    case calibrations
    /// `GET /v3/users/self/events`.
    case events
    /// `GET /v3/users/self/alerts`.
    case alerts
    /// `GET /v3/users/self/devices`.
    case devices
    /// `GET /v3/users/self/dataRange`.
    case dataRange

    /// The path under the API's base URL.
    public var path: String { "/v3/users/self/\(rawValue)" }

    /// The endpoint named by a response's `recordType`; Dexcom's documentation and
    /// production disagree on singular and plural (`egv`, `events`, …), so both count.
    init?(recordType: String) {
        switch recordType {
        case "egv", "egvs": self = .egvs
        case "calibration", "calibrations": self = .calibrations
        case "event", "events": self = .events
        case "alert", "alerts": self = .alerts
        case "device", "devices": self = .devices
        case "dataRange": self = .dataRange
        default: return nil
        }
    }
}
