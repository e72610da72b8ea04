import CGMKit

/// A reference to the patient the data belong to: `Patient/<id>`, where `<id>` is a
/// FHIR id (1–64 of `A-Z a-z 0-9 - .`, FHIR R4 §2.24.0.1 `id`). The CGM IG requires
/// every Observation's `subject` (1..1); only the host knows the EHR's patient.
public struct FHIRPatientReference: Sendable, Hashable, PHIRedacting {
    /// `Patient/<id>`.
    public let reference: String

    /// Accepts `Patient/<id>`; `nil` for anything else.
    public init?(_ text: String) {
        guard text.hasPrefix("Patient/") else { return nil }
        let id = text.utf8.dropFirst("Patient/".utf8.count)
        guard (1...64).contains(id.count),
            id.allSatisfy({ byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == 0x2D || byte == 0x2E
            })
        else { return nil }
        reference = text
    }
}
