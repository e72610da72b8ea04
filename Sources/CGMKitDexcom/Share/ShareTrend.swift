import CGMKit

/// Dexcom Share's trend vocabulary: strings since December 2021 (`Flat`,
/// `NotComputable`; matched ignoring case, spaces and underscores, so `NOT COMPUTABLE`
/// works too), integers 0–9 before that.
enum ShareTrend {
    /// The legacy integer codes, in order 0…9.
    static let byCode: [GlucoseTrend] = [
        .none, .doubleUp, .singleUp, .fortyFiveUp, .flat, .fortyFiveDown, .singleDown, .doubleDown,
        .notComputable, .rateOutOfRange,
    ]

    /// The trend for a string token, or `nil` when it is not one of Share's names.
    static func trend(named token: String) -> GlucoseTrend? {
        let key = String(token.lowercased().filter { $0 != " " && $0 != "_" })
        if let code = Int(key), byCode.indices.contains(code) { return byCode[code] }
        switch key {
        case "none": return GlucoseTrend.none
        case "doubleup": return .doubleUp
        case "singleup": return .singleUp
        case "fortyfiveup": return .fortyFiveUp
        case "flat": return .flat
        case "fortyfivedown": return .fortyFiveDown
        case "singledown": return .singleDown
        case "doubledown": return .doubleDown
        case "notcomputable": return .notComputable
        case "rateoutofrange": return .rateOutOfRange
        default: return nil
        }
    }

    /// The trend for an integer code, or `nil` outside 0…9.
    static func trend(code: Double) -> GlucoseTrend? {
        guard code == code.rounded(), code >= 0, code <= 9 else { return nil }
        return byCode[Int(code)]
    }
}
