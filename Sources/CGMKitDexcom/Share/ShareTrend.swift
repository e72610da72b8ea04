@_spi(AdapterSupport) import CGMKit

/// Dexcom Share's trend vocabulary, stated once: strings since December 2021 (`Flat`,
/// `NotComputable`; matched ignoring case, spaces and underscores, so `NOT COMPUTABLE`
/// works too), integers 0–9 before that (the position in ``names``).
///
/// The general path (``DexcomShareNormalizer``) looks a `String` up; the fast path
/// (`ShareFastDecoder`) compares the bytes in place with ``names`` exactly and, for
/// any other spelling, asks the general lookup.
enum ShareTrend {
    /// A trend as Share spells it, and what it means.
    struct Name: Sendable {
        let token: StaticString
        let trend: GlucoseTrend
    }

    /// The names as Share writes them, in the order of the legacy integer codes 0…9.
    static let names: [Name] = [
        Name(token: "None", trend: .none),
        Name(token: "DoubleUp", trend: .doubleUp),
        Name(token: "SingleUp", trend: .singleUp),
        Name(token: "FortyFiveUp", trend: .fortyFiveUp),
        Name(token: "Flat", trend: .flat),
        Name(token: "FortyFiveDown", trend: .fortyFiveDown),
        Name(token: "SingleDown", trend: .singleDown),
        Name(token: "DoubleDown", trend: .doubleDown),
        Name(token: "NotComputable", trend: .notComputable),
        Name(token: "RateOutOfRange", trend: .rateOutOfRange),
    ]

    /// The legacy integer codes, in order 0…9.
    static let byCode: [GlucoseTrend] = names.map(\.trend)

    /// The names lowercased, for the lookup that ignores case, spaces and underscores.
    private static let byKey = Dictionary(uniqueKeysWithValues: names.map { ("\($0.token)".lowercased(), $0.trend) })

    /// The trend for a string token, or `nil` when it is not one of Share's names.
    static func trend(named token: String) -> GlucoseTrend? {
        let key = String(token.lowercased().filter { $0 != " " && $0 != "_" })
        if let code = Int(key), byCode.indices.contains(code) { return byCode[code] }
        return byKey[key]
    }

    /// The trend for an integer code, or `nil` outside 0…9.
    static func trend(code: Double) -> GlucoseTrend? {
        guard code == code.rounded(), code >= 0, code <= 9 else { return nil }
        return byCode[Int(code)]
    }
}
