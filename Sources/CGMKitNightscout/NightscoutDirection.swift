@_spi(AdapterSupport) import CGMKit

/// Nightscout's trend vocabulary: the `direction` string, or the bridges' `trend`
/// integer 0–9 (share2nightscout-bridge `DIRECTIONS`).
enum NightscoutDirection {
    /// The trend of a `direction` string, compared without case, spaces or
    /// underscores (`NOT COMPUTABLE`, `NotComputable`, `not_computable`); `nil` when
    /// unknown. Medtronic's `TripleUp`/`TripleDown` fold into the steepest Dexcom
    /// arrows, which mean "more than 3 mg/dL per minute" too.
    static func trend(named name: String) -> GlucoseTrend? {
        var key = ""
        for scalar in name.unicodeScalars where scalar != " " && scalar != "_" && scalar != "-" {
            key.unicodeScalars.append(scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar)
        }
        switch key {
        case "none": return GlucoseTrend.none
        case "tripleup", "doubleup": return .doubleUp
        case "singleup": return .singleUp
        case "fortyfiveup": return .fortyFiveUp
        case "flat": return .flat
        case "fortyfivedown": return .fortyFiveDown
        case "singledown": return .singleDown
        case "doubledown", "tripledown": return .doubleDown
        case "notcomputable": return .notComputable
        case "rateoutofrange", "outofrange": return .rateOutOfRange
        default: return nil
        }
    }

    /// The trend of a bridge `trend` code 0–9; `nil` for anything else.
    static func trend(code: Double) -> GlucoseTrend? {
        guard let code = Int(exactly: code) else { return nil }
        switch code {
        case 0: return GlucoseTrend.none
        case 1: return .doubleUp
        case 2: return .singleUp
        case 3: return .fortyFiveUp
        case 4: return .flat
        case 5: return .fortyFiveDown
        case 6: return .singleDown
        case 7: return .doubleDown
        case 8: return .notComputable
        case 9: return .rateOutOfRange
        default: return nil
        }
    }
}
