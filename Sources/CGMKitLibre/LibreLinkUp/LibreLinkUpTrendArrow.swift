@_spi(AdapterSupport) import CGMKit

/// LibreLinkUp's `TrendArrow` codes (SPEC §8; fact sheet `librelinkup.md` §0.8, §2.2).
///
/// | code | arrow | Abbott's meaning | trend |
/// |---|---|---|---|
/// | 1 | ↓ | falling quickly (more than 2 mg/dL/min) | `singleDown` |
/// | 2 | ↘ | falling (1–2 mg/dL/min) | `fortyFiveDown` |
/// | 3 | → | changing slowly (less than 1 mg/dL/min) | `flat` |
/// | 4 | ↗ | rising (1–2 mg/dL/min) | `fortyFiveUp` |
/// | 5 | ↑ | rising quickly (more than 2 mg/dL/min) | `singleUp` |
/// | 0 | — | no arrow (seen with HI/LO) | `notComputable` |
///
/// Libre has no double arrows: its quickly-arrows span Dexcom's `single*` band.
enum LibreLinkUpTrendArrow {
    /// The trend of a code, or `nil` for any other number (an `unknownTrend` issue).
    static func trend(code: Double) -> GlucoseTrend? {
        switch code {
        case 0: .notComputable
        case 1: .singleDown
        case 2: .fortyFiveDown
        case 3: .flat
        case 4: .fortyFiveUp
        case 5: .singleUp
        default: nil
        }
    }
}
