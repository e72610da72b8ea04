/// Where the command reads input and writes output. The real one wraps the
/// process's streams and files; tests pass an in-memory one.
public protocol CommandIO {
    /// Reads standard input, at most `limit` bytes; returns `nil` when more were available.
    func readStandardInput(limit: Int) throws -> [UInt8]?
    /// Reads a file, at most `limit` bytes; returns `nil` when it is larger.
    func readFile(at path: String, limit: Int) throws -> [UInt8]?
    /// Writes bytes to standard output.
    func writeStandardOutput(_ bytes: [UInt8])
    /// Writes text to standard error.
    func writeStandardError(_ text: String)
}

/// Exit statuses, from BSD `sysexits.h`.
public enum ExitCode: Int32, Sendable {
    /// Success.
    case success = 0
    /// The command was used incorrectly (`EX_USAGE`).
    case usage = 64
    /// The input is not what the command reads (`EX_DATAERR`).
    case dataError = 65
    /// An input file could not be opened (`EX_NOINPUT`).
    case noInput = 66
}
