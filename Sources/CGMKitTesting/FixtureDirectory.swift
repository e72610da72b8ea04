import Foundation

/// A folder of fixture files, read by name. Build it from `#filePath` so tests find
/// their fixtures without bundle resources:
///
/// ```swift
/// let fixtures = FixtureDirectory(relativeTo: #filePath, path: "Fixtures/dexcom_v3")
/// let bytes = try fixtures.bytes("egvs-g7-ios.json")
/// ```
public struct FixtureDirectory: Sendable {
    /// The folder's absolute path.
    public let path: String

    /// A folder at an absolute path.
    public init(path: String) {
        self.path = path
    }

    /// A folder at `path` relative to the directory of the source file `filePath`.
    public init(relativeTo filePath: String, path relativePath: String) {
        let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        self.path = directory.appendingPathComponent(relativePath).path
    }

    /// A missing fixture.
    public struct Missing: Error, CustomStringConvertible {
        /// Which file.
        public let description: String
    }

    /// The bytes of the file `name`.
    ///
    /// - Throws: `FixtureDirectory/Missing` when the file does not exist.
    public func bytes(_ name: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: file(name)) else {
            throw Missing(description: "fixture \(file(name)) not found")
        }
        return [UInt8](data)
    }

    /// The absolute path of the file `name`.
    public func file(_ name: String) -> String {
        URL(fileURLWithPath: path).appendingPathComponent(name).path
    }

    /// The names of the files in the folder with the extension `pathExtension`, sorted;
    /// empty when the folder cannot be listed (use ``listFileNames(withExtension:)``
    /// where a missing folder must be an error).
    public func fileNames(withExtension pathExtension: String) -> [String] {
        (try? listFileNames(withExtension: pathExtension)) ?? []
    }

    /// The names of the files in the folder with the extension `pathExtension`, sorted.
    /// - Throws: `Missing` when the folder does not exist or cannot be listed.
    public func listFileNames(withExtension pathExtension: String) throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw Missing(description: "fixture folder \(path) cannot be listed")
        }
        return names.filter { $0.hasSuffix("." + pathExtension) }.sorted()
    }
}
