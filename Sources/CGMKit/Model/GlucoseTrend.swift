/// The direction arrow of a reading. A closed, physical vocabulary.
public enum GlucoseTrend: String, Sendable, Hashable, CaseIterable {
    /// Rising quickly (Dexcom: ≥ 3 mg/dL/min).
    case doubleUp
    /// Rising (2 to 3 mg/dL/min).
    case singleUp
    /// Rising slowly (1 to 2 mg/dL/min).
    case fortyFiveUp
    /// Steady (within ±1 mg/dL/min).
    case flat
    /// Falling slowly (−1 to −2 mg/dL/min).
    case fortyFiveDown
    /// Falling (−2 to −3 mg/dL/min).
    case singleDown
    /// Falling quickly (≤ −3 mg/dL/min).
    case doubleDown
    /// The device showed no arrow.
    case none
    /// The algorithm judged it unreasonable to compute a trend.
    case notComputable
    /// The rate is outside the range the arrows cover.
    case rateOutOfRange
    /// The vendor sent no trend or one CGMKit does not recognise.
    case unknown

    /// A one-character arrow for terminals and charts (`↑`, `↗`, `→`, …), or `?`
    /// when there is no arrow to show.
    public var arrow: String {
        switch self {
        case .doubleUp: "⇈"
        case .singleUp: "↑"
        case .fortyFiveUp: "↗"
        case .flat: "→"
        case .fortyFiveDown: "↘"
        case .singleDown: "↓"
        case .doubleDown: "⇊"
        case .none, .notComputable, .rateOutOfRange, .unknown: "?"
        }
    }
}
