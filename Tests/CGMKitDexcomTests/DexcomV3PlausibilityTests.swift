import CGMKit
@_spi(Testing) import CGMKitDexcom
import Testing

/// SPEC §2.2: no sensor or meter measures above 600 mg/dL (33.3 mmol/L).
@Suite("Dexcom v3 plausibility")
struct DexcomV3PlausibilityTests {
    @Test(
        "an EGV above 600 mg/dL is skipped with one invalidValue issue on both paths, whatever its status",
        arguments: [
            (#""value": 2856, "status": "high""#, false), (#""value": 601"#, false),
            (#""value": 600.5, "status": "ok""#, false), (#""value": 35.0, "unit": "mmol/L""#, false),
            (#""value": 600, "status": "high""#, true), (#""value": 33.3, "unit": "mmol/L""#, true),
            (#""value": null, "status": "high""#, true),
        ] as [(String, Bool)])
    func egvs(fields: String, kept: Bool) throws {
        let payload = Array(
            #"{"recordType":"egv","recordVersion":"3.0","records":[{"recordId":"r","systemTime":"2024-06-01T12:00:00Z",\#(fields)},{"recordId":"s","systemTime":"2024-06-01T12:05:00Z","value":120}]}"#
                .utf8)
        for fastPath in [true, false] {
            let batch = try DexcomV3Normalizer(usesFastPath: fastPath).normalize(payload)
            #expect(batch.readings.map(\.id.rawValue) == (kept ? ["dexcom_v3:r", "dexcom_v3:s"] : ["dexcom_v3:s"]))
            #expect(batch.issues.map(\.code) == (kept ? [] : [.invalidValue]))
            if kept { #expect(batch.readings.first?.status == .aboveRange) }
        }
    }

    @Test(
        "a blood glucose event is a meter value (10–600 mg/dL); without a unit, one only mmol/L can hold is inferred",
        arguments: [
            ("700", "mg/dL", nil, NormalizationIssue.Code?.some(.invalidValue)), ("40", "mmol/L", nil, .invalidValue),
            ("5", "mg/dL", nil, .invalidValue), ("600", "mg/dL", 600.0, nil), ("33.3", "mmol/L", 33.3 * 18.01559, nil),
            ("120", "unknown", 120, nil), ("5.5", "unknown", 5.5 * 18.01559, .missingField),
            ("0.2", "unknown", nil, .invalidValue),
        ] as [(String, String, Double?, NormalizationIssue.Code?)])
    func bloodGlucoseEvents(value: String, unit: String, milligrams: Double?, issue: NormalizationIssue.Code?) throws {
        let batch = try DexcomV3Normalizer().normalize(
            Array(
                #"{"recordType":"event","recordVersion":"3.0","records":[{"recordId":"e","systemTime":"2024-06-01T12:00:00Z","eventType":"bloodGlucose","value":"\#(value)","unit":"\#(unit)","eventStatus":"created"}]}"#
                    .utf8))
        let kept = batch.events.first?.glucose?.milligramsPerDeciliter
        #expect((kept == nil) == (milligrams == nil))
        if let kept, let milligrams { #expect(abs(kept - milligrams) < 1e-9) }
        #expect(batch.issues.map(\.code) == (issue.map { [$0] } ?? []))
    }
}
