import CGMKit
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// ``CommandIO`` over the process's standard streams and the file system.
public struct StandardCommandIO: CommandIO {
    private let transport: @Sendable () -> any HTTPTransport

    /// Creates the standard I/O. `transport` makes the transport `cgm fetch` sends
    /// through: the `cgm-fetch` program passes a URLSession one. This module does not
    /// link networking, so that `cgm` starts without loading FoundationNetworking and
    /// its libraries (Docs/Performance.md); without `transport`, every request fails.
    public init(transport: (@Sendable () -> any HTTPTransport)? = nil) {
        self.transport = transport ?? { ClosureTransport { _ in throw NetworkingNotLinked() } }
    }

    /// The process environment.
    public var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The transport given at creation (`cgm-fetch`: a URLSession one with an ephemeral
    /// configuration, nothing cached on disk, that refuses redirects).
    public func makeTransport() -> any HTTPTransport {
        transport()
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
        bytes.withUnsafeBytes { writeStandardOutput($0) }
    }

    /// Writes to standard output with `write(2)`, no copy, retrying short writes and
    /// interrupts; stops at any other error (a closed pipe), as a failed write must not
    /// trap.
    public func writeStandardOutput(_ bytes: UnsafeRawBufferPointer) {
        guard var next = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = write(STDOUT_FILENO, next, remaining)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            next += written
            remaining -= written
        }
    }

    /// Writes to standard error.
    public func writeStandardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Writes `bytes` to `path`, creating the folder first when it is missing.
    public func writeFile(at path: String, bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// Reads until end of file, but never more than `limit + 1` bytes, so a huge
    /// input costs bounded memory before it is rejected.
    private static func read(_ handle: FileHandle, limit: Int) throws -> [UInt8]? {
        var bytes: [UInt8] = []
        // A regular file states its size: one allocation of that size instead of doubling
        // (which holds up to 3× the payload for a moment). Pipes start from empty.
        if let start = try? handle.offset(), let end = try? handle.seekToEnd() {
            try handle.seek(toOffset: start)
            bytes.reserveCapacity(Int(min(end > start ? end - start : 0, UInt64(limit))) + 1)
        }
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

/// A request sent through a ``StandardCommandIO`` made without a transport.
struct NetworkingNotLinked: Error {}
