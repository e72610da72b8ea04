import CGMKit
import CGMKitURLSession
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// ``CommandIO`` over the process's standard streams and the file system.
public struct StandardCommandIO: CommandIO {
    /// Creates the standard I/O.
    public init() {}

    /// The process environment.
    public var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// A URLSession transport with an ephemeral configuration (nothing cached on disk)
    /// that refuses redirects.
    public func makeTransport() -> any HTTPTransport {
        URLSessionTransport(session: URLSessionTransport.makeEphemeralSession())
    }

    /// Reads standard input, at most `limit` bytes; `nil` when it is larger.
    public func readStandardInput(limit: Int) throws -> [UInt8]? {
        try Self.read(FileHandle.standardInput, limit: limit)
    }

    /// Reads the file at `path`, at most `limit` bytes; `nil` when it is larger.
    public func readFile(at path: String, limit: Int) throws -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputUnavailable()
        }
        defer { try? handle.close() }
        return try Self.read(handle, limit: limit)
    }

    /// Writes to standard output.
    public func writeStandardOutput(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Writes to standard error.
    public func writeStandardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Writes `bytes` to `path`. The folder must exist: a command never creates paths
    /// (a mistyped folder is an error, not a new tree).
    ///
    /// - Throws: the file system's error when the folder is missing or not writable.
    public func writeFile(at path: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Reads until end of file, but never more than `limit + 1` bytes, so a huge
    /// input costs bounded memory before it is rejected.
    private static func read(_ handle: FileHandle, limit: Int) throws -> [UInt8]? {
        var bytes: [UInt8] = []
        while true {
            let chunk = try handle.read(upToCount: min(1 << 20, limit + 1 - bytes.count)) ?? Data()
            if chunk.isEmpty { return bytes }
            bytes.append(contentsOf: chunk)
            if bytes.count > limit { return nil }
        }
    }
}

/// A file that could not be opened. Carries no path: paths can name patients.
struct InputUnavailable: Error {}
