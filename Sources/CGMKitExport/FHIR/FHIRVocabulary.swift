/// The codes, systems and profile URLs of HL7 FHIR R4 and the CGM IG 1.0.0 (STU1)
/// that the export writes. Sources: `HL7/cgm input/fsh/profiles.fsh` @ 0b247ae1 and the
/// published IG (hl7.org/fhir/uv/cgm), summarised in Docs/Export.md.
enum FHIRVocabulary {
    static let loinc = "http://loinc.org"
    static let ucum = "http://unitsofmeasure.org"
    static let observationCategory = "http://terminology.hl7.org/CodeSystem/observation-category"
    static let dataAbsentReason = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
    static let interpretation = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"

    /// `http://hl7.org/fhir/uv/cgm/StructureDefinition/<id>`.
    static func profile(_ id: String) -> String {
        "http://hl7.org/fhir/uv/cgm/StructureDefinition/" + id
    }

    /// LOINC codes (IG §A.3 of the fact sheet; LOINC 2.80).
    enum LOINC {
        static let sensorReadingMass = "99504-3"
        static let sensorReadingMolar = "105272-9"
        static let summary = "107931-8"
        static let timesInRanges = "106793-3"
        /// Very low, low, in range, high, very high: the order of ``GlucoseSummary/Band``.
        static let timeInBands = ["104642-4", "104641-6", "97510-2", "104640-8", "104639-0"]
        static let meanMass = "97507-8"
        static let meanMolar = "105273-7"
        static let gmi = "97506-0"
        static let coefficientOfVariation = "104638-2"
        static let daysOfWear = "104636-6"
        static let sensorActivePercentage = "104637-4"
    }
}
