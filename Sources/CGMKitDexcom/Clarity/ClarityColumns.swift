@_spi(AdapterSupport) import CGMKit

/// Where the columns of a Clarity export are, found by header name (English, and the
/// German names of fact sheet `librelinkup.md` §6.1), never by position.
struct ClarityColumns: Sendable {
    let header: CSVHeader
    let timestamp: Int
    let eventType: Int
    let eventSubtype: Int?
    let deviceInfo: Int?
    let sourceDeviceID: Int?
    let glucose: Int
    let glucoseUnit: GlucoseUnit
    let insulin: Int?
    let carbs: Int?
    let duration: Int?
    let rateOfChange: Int?
    let transmitterTime: Int?
    let transmitterID: Int?

    static let timestampPrefixes = ["Timestamp (", "Timestamp", "Zeitstempel"]
    static let eventTypeNames = ["Event Type", "Ereignistyp", "Ereignisart"]
    static let glucosePrefixes = ["Glucose Value", "Glukosewert"]

    /// The columns of `header`, or `nil` when it lacks a Timestamp, an Event Type or a
    /// Glucose Value column.
    init?(_ header: CSVHeader) {
        guard let timestamp = header.column(prefixedBy: Self.timestampPrefixes)?.index,
            let eventType = header.column(named: Self.eventTypeNames),
            let glucose = header.column(prefixedBy: Self.glucosePrefixes)
        else { return nil }
        self.header = header
        self.timestamp = timestamp
        self.eventType = eventType
        self.glucose = glucose.index
        self.glucoseUnit = glucose.suffix.lowercased().contains("mmol") ? .millimolesPerLiter : .milligramsPerDeciliter
        self.eventSubtype = header.column(named: ["Event Subtype", "Ereignis-Subtyp", "Ereignisuntertyp"])
        self.deviceInfo = header.column(named: ["Device Info", "Geräteinfo", "Geräteinformationen"])
        self.sourceDeviceID = header.column(named: ["Source Device ID", "Quellgeräte-ID"])
        self.insulin = header.column(prefixedBy: ["Insulin Value", "Insulinwert"])?.index
        self.carbs = header.column(prefixedBy: ["Carb Value", "Kohlenhydratwert"])?.index
        self.duration = header.column(prefixedBy: ["Duration", "Dauer"])?.index
        self.rateOfChange = header.column(prefixedBy: ["Glucose Rate of Change", "Glukose-Änderungsrate"])?.index
        self.transmitterTime = header.column(prefixedBy: ["Transmitter Time", "Transmitterzeit"])?.index
        self.transmitterID = header.column(named: ["Transmitter ID", "Transmitter-ID"])
    }

    /// Whether `header` looks like a LibreView export's (`Device Timestamp`, `Record Type`).
    static func isLibreViewHeader(_ header: CSVHeader) -> Bool {
        header.column(named: ["Device Timestamp", "Gerätezeitstempel"]) != nil
            && header.column(named: ["Record Type", "Aufzeichnungstyp"]) != nil
    }
}
