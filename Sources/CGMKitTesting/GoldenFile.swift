import Foundation

/// An expected-output file that a test compares actual bytes against.
///
/// Set the environment variable `CGMKIT_RECORD_GOLDENS=1` to write the actual bytes
/// instead of comparing (then review the diff before committing). Paths are
/// usually built from `#filePath` so goldens live next to the tests that use them.
///
/// ```swift
/// let golden = GoldenFile(path: goldensDirectory + "/egvs.json")
/// try golden.verify(encodedBatch)   // throws GoldenFile.Mismatch on a difference
/// ```
public struct GoldenFile: Sendable {
    /// The file's path.
    public let path: String

    /// Creates a golden file reference.
    public init(path: String) {
        self.path = path
    }

    /// Whether tests write goldens instead of comparing (`CGMKIT_RECORD_GOLDENS=1`).
    public static var isRecording: Bool {
        ProcessInfo.processInfo.environment["CGMKIT_RECORD_GOLDENS"] == "1"
    }

    /// A difference between a golden file and the actual output.
    public struct Mismatch: Error, CustomStringConvertible {
        /// A human-readable account of the first difference.
        public let description: String
    }

    /// Compares `actual` with the file, or records it when ``isRecording``.
    /// Throws ``Mismatch`` when they differ or the golden is missing.
    ///
    /// - Throws: `Mismatch` when the bytes differ from the golden or it is missing.
    public func verify(_ actual: [UInt8]) throws {
        let url = URL(fileURLWithPath: path)
        if Self.isRecording {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true)
            try Data(actual).write(to: url)
            return
        }
        guard let expected = FileManager.default.contents(atPath: path) else {
            throw Mismatch(description: "golden file \(path) is missing; run with CGMKIT_RECORD_GOLDENS=1 to create it")
        }
        guard [UInt8](expected) != actual else { return }
        throw Mismatch(description: Self.firstDifference(expected: [UInt8](expected), actual: actual, path: path))
    }

    /// Compares `actual` text with the file, or records it.
    ///
    /// - Throws: `Mismatch`, as `verify(_:)-([UInt8])` does.
    public func verify(_ actual: String) throws {
        try verify(Array(actual.utf8))
    }

    static func firstDifference(expected: [UInt8], actual: [UInt8], path: String) -> String {
        let expectedLines = String(decoding: expected, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        let actualLines = String(decoding: actual, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        for line in 0..<max(expectedLines.count, actualLines.count) {
            let want = line < expectedLines.count ? String(expectedLines[line]) : "<end of file>"
            let got = line < actualLines.count ? String(actualLines[line]) : "<end of file>"
            if want != got {
                return """
                    output differs from golden \(path) at line \(line + 1):
                      expected: \(want)
                      actual:   \(got)
                    (re-record with CGMKIT_RECORD_GOLDENS=1 and review the diff)
                    """
            }
        }
        return "output differs from golden \(path)"
    }
}
