@_spi(AdapterSupport) import CGMKit

/// Dexcom v3's EGV vocabulary, stated once: glucose units, rate units, statuses and
/// trends (Dexcom Developer Portal, "EGVs" v3 response fields). The general path
/// (``DexcomV3EGVMapper``) looks a `String` up; the fast path
/// (``DexcomV3FastEGVDecoder``) compares the bytes in place against the same table.
enum DexcomV3Vocabulary {
    /// A token as Dexcom writes it and what it means.
    struct Entry<Meaning: Sendable>: Sendable {
        let token: StaticString
        let meaning: Meaning
    }

    /// What a v3 `status` says about the value: nothing (`ok`, `unknown`, empty), or a
    /// LOW or HIGH marker.
    enum Status: Sendable {
        case none
        case low
        case high
    }

    /// `unit`: missing, empty and `unknown` mean mg/dL (Dexcom reports all glucose in
    /// mg/dL). Matched ignoring ASCII case.
    static let glucoseUnits: [Entry<GlucoseUnit>] = [
        Entry(token: "mg/dL", meaning: .milligramsPerDeciliter),
        Entry(token: "mmol/L", meaning: .millimolesPerLiter),
        Entry(token: "unknown", meaning: .milligramsPerDeciliter),
        Entry(token: "", meaning: .milligramsPerDeciliter),
    ]

    /// `rateUnit`: missing, empty and `unknown` mean mg/dL/min. Matched ignoring ASCII case.
    static let rateUnits: [Entry<GlucoseUnit>] = [
        Entry(token: "mg/dL/min", meaning: .milligramsPerDeciliter),
        Entry(token: "mmol/L/min", meaning: .millimolesPerLiter),
        Entry(token: "unknown", meaning: .milligramsPerDeciliter),
        Entry(token: "", meaning: .milligramsPerDeciliter),
    ]

    /// `status`. Matched ignoring ASCII case.
    static let statuses: [Entry<Status>] = [
        Entry(token: "ok", meaning: .none),
        Entry(token: "low", meaning: .low),
        Entry(token: "high", meaning: .high),
        Entry(token: "unknown", meaning: .none),
        Entry(token: "", meaning: .none),
    ]

    /// `trend`, matched exactly (Dexcom's camel case); the common arrows first, since
    /// the fast path compares in this order.
    static let trends: [Entry<GlucoseTrend>] = [
        Entry(token: "flat", meaning: .flat),
        Entry(token: "fortyFiveUp", meaning: .fortyFiveUp),
        Entry(token: "fortyFiveDown", meaning: .fortyFiveDown),
        Entry(token: "singleUp", meaning: .singleUp),
        Entry(token: "doubleUp", meaning: .doubleUp),
        Entry(token: "singleDown", meaning: .singleDown),
        Entry(token: "doubleDown", meaning: .doubleDown),
        Entry(token: "none", meaning: .none),
        Entry(token: "notComputable", meaning: .notComputable),
        Entry(token: "rateOutOfRange", meaning: .rateOutOfRange),
        Entry(token: "unknown", meaning: .unknown),
    ]

    // MARK: - Lookups for the general path

    private static let glucoseUnitsByKey = caseInsensitiveKeys(glucoseUnits)
    private static let rateUnitsByKey = caseInsensitiveKeys(rateUnits)
    private static let statusesByKey = caseInsensitiveKeys(statuses)
    private static let trendsByToken = Dictionary(uniqueKeysWithValues: trends.map { ("\($0.token)", $0.meaning) })

    private static func caseInsensitiveKeys<Meaning>(_ table: [Entry<Meaning>]) -> [String: Meaning] {
        Dictionary(uniqueKeysWithValues: table.map { ("\($0.token)".lowercased(), $0.meaning) })
    }

    /// The glucose unit `text` names, ignoring case; `nil` when it names none.
    static func glucoseUnit(_ text: String) -> GlucoseUnit? { glucoseUnitsByKey[text.lowercased()] }

    /// The rate unit `text` names, ignoring case; `nil` when it names none.
    static func rateUnit(_ text: String) -> GlucoseUnit? { rateUnitsByKey[text.lowercased()] }

    /// The status `text` names, ignoring case; `nil` when it names none.
    static func status(_ text: String) -> Status? { statusesByKey[text.lowercased()] }

    /// The trend `text` spells exactly; `nil` when it spells none.
    static func trend(_ text: String) -> GlucoseTrend? { trendsByToken[text] }

    // MARK: - Lookups for the fast path, on the bytes in place

    /// The meaning of the token at `range`, ignoring ASCII case; `nil` when it is none.
    @inline(__always)
    static func meaning<Meaning>(
        ofCaseInsensitive range: Range<Int>, in table: [Entry<Meaning>], _ scanner: JSONScanner
    ) -> Meaning? {
        table.withUnsafeBufferPointer { entries in
            for entry in entries where scanner.equalsIgnoringCase(range, entry.token) { return entry.meaning }
            return nil
        }
    }

    /// The meaning of the token at `range`, compared exactly; `nil` when it is none.
    @inline(__always)
    static func meaning<Meaning>(
        of range: Range<Int>, in table: [Entry<Meaning>], _ scanner: JSONScanner
    ) -> Meaning? {
        table.withUnsafeBufferPointer { entries in
            for entry in entries where scanner.equals(range, entry.token) { return entry.meaning }
            return nil
        }
    }
}
