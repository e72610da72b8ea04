import CGMKit
import CGMKitLibre
import CGMKitTesting

/// LibreLinkUp answers shaped like real captures, with invented personal data.
let lluFixtures = FixtureDirectory(relativeTo: #filePath, path: "../Fixtures/librelinkup")
/// Expected unified output for each fixture and unit.
let lluGoldens = FixtureDirectory(relativeTo: #filePath, path: "../Goldens/librelinkup")

/// Normalizes JSON text as a LibreLinkUp answer.
func normalizeLLU(_ text: String, connectionIndex: Int? = nil) throws -> CGMBatch {
    try LibreLinkUpNormalizer(connectionIndex: connectionIndex).normalize(Array(text.utf8))
}

/// A graph answer whose `graphData` holds `points` (JSON objects' members) and no connection.
func graphAnswer(_ points: [String]) -> String {
    #"{"status":0,"data":{"connection":null,"activeSensors":[],"graphData":["#
        + points.map { "{\($0)}" }.joined(separator: ",") + "]}}"
}

/// The vendor records of a LibreLinkUp answer for the accounting check: `graphData[]`
/// of a graph, the entries of a logbook, the current reading of a one-connection list.
/// None carries a native id (the id is computed from `FactoryTimestamp`), so they are
/// accounted by count.
let lluRecords: AdapterConformance.RecordLister = { document in
    guard let data = document.objectValue?["data"] else { return [] }
    if let points = data.objectValue?["graphData"]?.arrayValue {
        return points.enumerated().map { VendorRecord(index: $0.offset, nativeID: nil, content: $0.element) }
    }
    guard let entries = data.arrayValue else { return [] }
    if let connection = entries.first?.objectValue, connection.contains("patientId") {
        guard let current = connection["glucoseMeasurement"], !current.isNull else { return [] }
        return [VendorRecord(index: 0, nativeID: nil, content: current)]
    }
    return entries.enumerated().map { VendorRecord(index: $0.offset, nativeID: nil, content: $0.element) }
}

/// Strings planted in the fixtures that must never appear in any output rendering,
/// message or error: the patient's names, the sensor serial, the patient, connection
/// and device ids, and the token.
let lluCanaries = [
    "Canary", "Patientname", "0B7Q2K9X4M0", "5f1e2d3c-7777-4a2b-9c3d-aabbccddeeff",
    "1c2d3e4f-8888-4e5f-8a9b-112233445566", "9e8d7c6b-9999-4c3d-8e9f-665544332211", "Q0FOQVJZLVRPS0VOLUxMVQ",
]
