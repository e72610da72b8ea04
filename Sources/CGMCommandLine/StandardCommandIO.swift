import CGMKit

// FoundationEssentials only, and POSIX for the streams: `cgm` then loads neither full
// Foundation nor its internationalization data (start-up, Docs/Performance.md).
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
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
    ///
    /// - Throws: `InputUnavailable` when standard input cannot be read.
    public func readStandardInput(limit: Int) throws -> [UInt8]? {
        try Self.read(STDIN_FILENO, limit: limit)
    }

    /// Reads the file at `path`, at most `limit` bytes; `nil` when it is larger.
    ///
    /// - Throws: `InputUnavailable` when the file cannot be opened or read.
    public func readFile(at path: String, limit: Int) throws -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw InputUnavailable() }
        defer { close(descriptor) }
        return try Self.read(descriptor, limit: limit)
    }

    /// Writes to standard output.
    public func writeStandardOutput(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { writeStandardOutput($0) }
    }

    /// Writes to standard output with `write(2)`, no copy, retrying short writes and
    /// interrupts; stops at any other error (a closed pipe), as a failed write must not
    /// trap.
    public func writeStandardOutput(_ bytes: UnsafeRawBufferPointer) {
        Self.write(bytes, to: STDOUT_FILENO)
    }

    private static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) {
        guard var next = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = systemWrite(descriptor, next, remaining)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            next += written
            remaining -= written
        }
    }

    /// Writes to standard error.
    public func writeStandardError(_ text: String) {
        Array(text.utf8).withUnsafeBytes { Self.write($0, to: STDERR_FILENO) }
    }

    /// Writes `bytes` to `path`. The folder must exist: a command never creates paths
    /// (a mistyped folder is an error, not a new tree).
    ///
    /// - Throws: the file system's error when the folder is missing or not writable.
    public func writeFile(at path: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Reads until end of file, but never more than `limit + 1` bytes, so a huge
    /// input costs bounded memory before it is rejected. `read(2)` writes straight into
    /// the array's storage: a regular file states its size, so that is one allocation
    /// and one copy (no `Data` chunks, no doubling that holds 3× the payload for a
    /// moment); a pipe starts at 64 KiB and doubles.
    private static func read(_ descriptor: Int32, limit: Int) throws -> [UInt8]? {
        var capacity = 1 << 16
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG {
            let position = max(0, Int64(lseek(descriptor, 0, SEEK_CUR)))
            capacity = Int(clamping: max(0, Int64(status.st_size) - position))
        }
        capacity = min(capacity, limit) + 1
        var bytes: [UInt8] = []
        while true {
            var ended = false
            var failed = false
            let previous = bytes
            bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                guard let base = buffer.baseAddress else { return }
                previous.withUnsafeBufferPointer { old in
                    if let oldBase = old.baseAddress { base.initialize(from: oldBase, count: old.count) }
                }
                initialized = previous.count
                while initialized < capacity {
                    let count = systemRead(descriptor, base + initialized, capacity - initialized)
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0 else {
                        (ended, failed) = (true, count < 0)
                        return
                    }
                    initialized += count
                }
            }
            if failed { throw InputUnavailable() }
            if bytes.count > limit { return nil }
            if ended { return bytes }
            capacity = min(capacity * 2, limit + 1)
        }
    }
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(descriptor, buffer, count)
    #elseif canImport(Musl)
        Musl.write(descriptor, buffer, count)
    #else
        Darwin.write(descriptor, buffer, count)
    #endif
}

private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
    #elseif canImport(Musl)
        Musl.read(descriptor, buffer, count)
    #else
        Darwin.read(descriptor, buffer, count)
    #endif
}

/// A file that could not be opened. Carries no path: paths can name patients.
struct InputUnavailable: Error {}

/// A request sent through a ``StandardCommandIO`` made without a transport.
struct NetworkingNotLinked: Error {}
