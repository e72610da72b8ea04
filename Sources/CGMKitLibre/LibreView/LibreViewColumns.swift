@_spi(AdapterSupport) import CGMKit

/// Where the 19 columns of a LibreView export are, found by header name (English and
/// German, fact sheet `librelinkup.md` §5.1), never by position. Unit-carrying names
/// (`Historic Glucose mg/dL`) match by prefix, as does `Long-Acting Insulin[ Value] (units)`.
struct LibreViewColumns: Sendable {
    let header: CSVHeader
    let device: Int?
    let serial: Int
    let timestamp: Int
    let recordType: Int
    let historic: Int
    let historicUnit: GlucoseUnit
    let scan: (index: Int, unit: GlucoseUnit)?
    let strip: (index: Int, unit: GlucoseUnit)?
    let ketone: Int?
    let nonNumericRapid: Int?
    let rapid: Int?
    let nonNumericFood: Int?
    let grams: Int?
    let servings: Int?
    let nonNumericLong: Int?
    let long: Int?
    let notes: Int?
    let extraInsulin: [Int]

    static let timestampNames = ["Device Timestamp", "Gerätezeitstempel"]
    static let recordTypeNames = ["Record Type", "Aufzeichnungstyp"]
    static let serialNames = ["Serial Number", "Seriennummer"]
    static let historicPrefixes = ["Historic Glucose", "Glukosewert-Verlauf"]

    /// Whether `header` has LibreView's timestamp and record type columns.
    static func isHeader(_ header: CSVHeader) -> Bool {
        header.column(named: timestampNames) != nil && header.column(named: recordTypeNames) != nil
    }

    /// The unit a column name ends with: `mg/dL` or `mmol/L` (any case), else `nil`.
    static func unit(_ suffix: String) -> GlucoseUnit? {
        switch suffix.lowercased() {
        case "mg/dl", "(mg/dl)": .milligramsPerDeciliter
        case "mmol/l", "(mmol/l)": .millimolesPerLiter
        default: nil
        }
    }

    /// The columns of `header`.
    ///
    /// - Throws: `CGMError` `notAPayload` naming the missing required columns (`Serial
    ///   Number`, `Historic Glucose <unit>`) or a glucose column without a unit.
    init(_ header: CSVHeader, format: String) throws(CGMError) {
        self.header = header
        guard let timestamp = header.column(named: Self.timestampNames),
            let recordType = header.column(named: Self.recordTypeNames)
        else { throw CGMError(code: .notAPayload, message: "\(format): no Device Timestamp or Record Type column") }
        var missing: [String] = []
        let serial = header.column(named: Self.serialNames)
        if serial == nil { missing.append("Serial Number") }
        let historic = header.column(prefixedBy: Self.historicPrefixes)
        if historic == nil { missing.append("Historic Glucose") }
        guard let serial, let historic, missing.isEmpty else {
            throw CGMError(
                code: .notAPayload,
                message: "\(format): missing column\(missing.count > 1 ? "s" : "") "
                    + missing.joined(separator: ", "))
        }
        guard let historicUnit = Self.unit(historic.suffix) else {
            throw CGMError(code: .notAPayload, message: "\(format): Historic Glucose names no unit (mg/dL or mmol/L)")
        }
        func glucoseColumn(_ prefixes: [String]) -> (Int, GlucoseUnit)? {
            guard let found = header.column(prefixedBy: prefixes) else { return nil }
            return (found.index, Self.unit(found.suffix) ?? historicUnit)
        }
        self.timestamp = timestamp
        self.recordType = recordType
        self.serial = serial
        self.historic = historic.index
        self.historicUnit = historicUnit
        self.device = header.column(named: ["Device", "Gerät"])
        self.scan = glucoseColumn(["Scan Glucose", "Glukose-Scan"])
        self.strip = glucoseColumn(["Strip Glucose", "Glukose-Teststreifen"])
        self.ketone = header.column(prefixedBy: ["Ketone", "Keton"])?.index
        self.nonNumericRapid = header.column(named: [
            "Non-numeric Rapid-Acting Insulin", "Nicht numerisches schnellwirkendes Insulin",
        ])
        self.rapid = header.column(named: ["Rapid-Acting Insulin (units)", "Schnellwirkendes Insulin (Einheiten)"])
        self.nonNumericFood = header.column(named: ["Non-numeric Food", "Nicht numerische Nahrungsdaten"])
        self.grams = header.column(named: ["Carbohydrates (grams)", "Kohlenhydrate (Gramm)"])
        self.servings = header.column(named: ["Carbohydrates (servings)", "Kohlenhydrate (Portionen)"])
        self.nonNumericLong = header.column(named: [
            "Non-numeric Long-Acting Insulin", "Nicht numerisches Depotinsulin",
        ])
        self.long = header.column(prefixedBy: ["Long-Acting Insulin", "Depotinsulin"])?.index
        self.notes = header.column(named: ["Notes", "Notizen"])
        self.extraInsulin = [
            header.column(named: ["Meal Insulin (units)", "Mahlzeiteninsulin (Einheiten)"]),
            header.column(named: ["Correction Insulin (units)", "Korrekturinsulin (Einheiten)"]),
            header.column(named: ["User Change Insulin (units)", "Insulin-Änderung durch Anwender (Einheiten)"]),
        ].compactMap { $0 }
    }
}
