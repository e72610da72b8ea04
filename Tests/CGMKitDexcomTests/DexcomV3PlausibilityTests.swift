import CGMKit
import CGMKitDexcom
import Testing

/// SPEC §2.2: no sensor or meter measures above 600 mg/dL (33.3 mmol/L).
@Suite("Dexcom v3 plausibility")
struct DexcomV3PlausibilityTests {
    @Test("an EGV above 600 mg/dL is skipped with one invalidValue issue on both paths, whatever its status",
          arguments: [
            (#""value": 2856, "status": "high""#, false), (#""value": 601"#, false),
            (#""value": 600.5, "status": "ok""#, false), (#""value": 35.0, "unit": "mmol/L""#, false),
            (#""value": 600, "status": "high""#, true), (#""value": 33.3, "unit": "mmol/L""#, true),
            (#""value": null, "status": "high""#, true),
          ] as [(String, Bool)])
    func egvs(fields: String, kept: Bool) throws {
        let payload = Array(#"{"recordType":"egv","recordVersion":"3.0","records":[{"recordId":"r","systemTime":"2024-06-01T12:00:00Z",\#(fields)},{"recordId":"s","systemTime":"2024-06-01T12:05:00Z","value":120}]}"#.utf8)
        for fastPath in [true, false] {
            let batch = try DexcomV3Normalizer(usesFastPath: fastPath).normalize(payload)
            #expect(batch.readings.map(\.id.rawValue) == (kept ? ["dexcom_v3:r", "dexcom_v3:s"] : ["dexcom_v3:s"]))
            #expect(batch.issues.map(\.code) == (kept ? [] : [.invalidValue]))
            if kept { #expect(batch.readings.first?.status == .aboveRange) }
        }
    }

    @Test("a blood glucose event above 600 mg/dL is skipped; one at 600 is kept",
          arguments: [("700", "mg/dL", false), ("40", "mmol/L", false), ("600", "mg/dL", true), ("33.3", "mmol/L", true)])
    func bloodGlucoseEvents(value: String, unit: String, kept: Bool) throws {
        let batch = try DexcomV3Normalizer().normalize(Array(#"{"recordType":"event","recordVersion":"3.0","records":[{"recordId":"e","systemTime":"2024-06-01T12:00:00Z","eventType":"bloodGlucose","value":"\#(value)","unit":"\#(unit)","eventStatus":"created"}]}"#.utf8))
        #expect(batch.events.count == (kept ? 1 : 0))
        #expect(batch.issues.map(\.code) == (kept ? [] : [.invalidValue]))
    }
}
