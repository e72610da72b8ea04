import CGMKit

/// Where the command reads input and writes output, and how it reaches the network.
/// The real one wraps the process's streams, files, environment and (in `cgm-fetch`)
/// a URLSession;
/// tests pass an in-memory one with a scripted transport.
public protocol CommandIO {
    /// The process environment (credentials for `cgm fetch` come from here, never from arguments).
    var environment: [String: String] { get }
    /// The transport `cgm fetch` sends requests through.
    func makeTransport() -> any HTTPTransport
    /// Reads standard input, at most `limit` bytes; returns `nil` when more were available.
    func readStandardInput(limit: Int) throws -> [UInt8]?
    /// Reads a file, at most `limit` bytes; returns `nil` when it is larger.
    func readFile(at path: String, limit: Int) throws -> [UInt8]?
    /// Writes bytes to standard output.
    func writeStandardOutput(_ bytes: [UInt8])
    /// Writes bytes to standard output without copying them first (one chunk of a
    /// streamed batch); the default copies them into ``writeStandardOutput(_:)-([UInt8])``.
    func writeStandardOutput(_ bytes: UnsafeRawBufferPointer)
    /// Writes text to standard error.
    func writeStandardError(_ text: String)
    /// Writes a file into an existing folder (`demo --svg`, `report --out`, `sandbox --output`);
    /// throws when the folder is missing, never creating it.
    func writeFile(at path: String, bytes: [UInt8]) throws
}

extension CommandIO {
    /// Copies the chunk and writes it with ``writeStandardOutput(_:)-([UInt8])``.
    public func writeStandardOutput(_ bytes: UnsafeRawBufferPointer) {
        writeStandardOutput([UInt8](bytes))
    }

    /// Writes `error: <text>` as exactly one line on standard error.
    func writeErrorLine(_ text: String) {
        writeStandardError("error: " + String(text.map { $0.isNewline ? " " : $0 }) + "\n")
    }
}

extension CommandIO {
    /// Reads the input a command names: the file at `path`, or standard input when `path`
    /// is `nil` or `-`, at most `limit` bytes (a vendor payload: 16 MiB; a batch: 64 MiB).
    /// On failure writes the one error line (never the path: paths can name patients) and
    /// gives the exit status: 66 when the file cannot be opened, 65 when the input is over
    /// the limit.
    func readInput(at path: String?, limit: Int = JSONReaderLimits.default.maximumDocumentBytes) -> ParseOutcome<
        [UInt8]
    > {
        let input: [UInt8]?
        do {
            if let path, path != "-" {
                input = try readFile(at: path, limit: limit)
            } else {
                input = try readStandardInput(limit: limit)
            }
        } catch {
            writeErrorLine("cannot read the input file")
            return .exit(.noInput)
        }
        guard let input else {
            writeErrorLine("input is larger than the \(limit / (1024 * 1024)) MiB limit")
            return .exit(.dataError)
        }
        return .run(input)
    }
}

extension CommandIO {
    /// Reads a `cgmkit.batch.v1` batch (FILE or standard input, up to
    /// `JSONReaderLimits.batch`) and decodes it strictly with `BatchDecoder`. On failure
    /// writes the one error line (a field path, never a value) and gives the exit status:
    /// 66 for a file that cannot be opened, 65 for input that is not a batch or too large.
    func readBatch(at path: String?, conversion: GlucoseConversion = .standard) -> ParseOutcome<DecodedBatch> {
        let bytes: [UInt8]
        switch readInput(at: path, limit: JSONReaderLimits.batch.maximumDocumentBytes) {
        case .exit(let status): return .exit(status)
        case .run(let input): bytes = input
        }
        do {
            return .run(try BatchDecoder(conversion: conversion).decode(bytes))
        } catch {
            writeErrorLine(error.message)
            return .exit(.dataError)
        }
    }
}
