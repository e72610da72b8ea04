import CGMKit
import Foundation

/// The suite a goldens folder belongs to: one provider and one fixtures folder.
///
/// Two suites that shared a goldens folder could overwrite each other's goldens when
/// re-recording (a fixture of the same name in both). The first suite to record
/// writes ``AdapterConformance/goldensOwnerFile`` into the folder; from then on a
/// suite with another provider or another fixtures folder fails instead of writing or
/// comparing. The file names the fixtures folder relative to the goldens folder, so
/// it holds nothing specific to one machine.
struct GoldensOwner: Sendable {
    let provider: ProviderID
    let fixtures: FixtureDirectory
    let goldens: FixtureDirectory

    /// A goldens folder claimed by another suite.
    struct Conflict: Error, CustomStringConvertible {
        let description: String
    }

    /// What the owner file holds.
    var text: String {
        "provider: \(provider.rawValue)\nfixtures: \(Self.relativePath(from: goldens.path, to: fixtures.path))\n"
    }

    /// Checks the folder's owner file; when recording and there is none, writes it.
    /// - Throws: ``Conflict`` when another suite owns the folder, or the file cannot be written.
    func claim() throws {
        let path = goldens.file(AdapterConformance.goldensOwnerFile)
        if let existing = FileManager.default.contents(atPath: path) {
            try compare(String(decoding: existing, as: UTF8.self))
            return
        }
        guard GoldenFile.isRecording else { return }
        try FileManager.default.createDirectory(atPath: goldens.path, withIntermediateDirectories: true)
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            // Another suite may have claimed it at the same moment: read what won.
            guard let existing = FileManager.default.contents(atPath: path) else {
                throw Conflict(description: "the goldens owner file cannot be written")
            }
            try compare(String(decoding: existing, as: UTF8.self))
        }
    }

    private func compare(_ existing: String) throws {
        guard existing == text else {
            throw Conflict(
                description: """
                    the goldens folder belongs to another suite (another provider or fixtures folder, \
                    see \(AdapterConformance.goldensOwnerFile)); give each suite its own goldens folder
                    """)
        }
    }

    /// `to` relative to the folder `from`, both absolute (`../Fixtures/payloads`).
    static func relativePath(from: String, to: String) -> String {
        let base = URL(fileURLWithPath: from).standardizedFileURL.pathComponents
        let target = URL(fileURLWithPath: to).standardizedFileURL.pathComponents
        var common = 0
        while common < base.count, common < target.count, base[common] == target[common] { common += 1 }
        let parts = Array(repeating: "..", count: base.count - common) + target[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
