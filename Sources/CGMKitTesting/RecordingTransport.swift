import CGMKit
import Foundation

/// An `HTTPTransport` that forwards to a live transport and records every exchange,
/// so a session against a real account becomes a fixture for ``FixtureTransport``.
///
/// Secrets never reach the file: ``fixture(source:)`` and ``write(to:source:)`` pass
/// the exchanges through a ``FixtureScrubber`` first. Give the scrubber the literal
/// user name and password too, so they are removed wherever they were echoed.
///
/// ```swift
/// var scrubber = FixtureScrubber.standard
/// scrubber.secrets = [username, password]
/// let recorder = RecordingTransport(wrapping: URLSessionTransport(session: session), scrubber: scrubber)
/// let client = NightscoutClient(site: site, credential: credential, transport: recorder)
/// _ = try await client.entries(from: start, to: end)
/// try await recorder.write(to: "Tests/MyAdapterTests/Fixtures/exchanges/entries.json", source: "my site, 2026-11-21")
/// ```
///
/// Only the header fields in `recordedHeaders` are kept (auth headers are kept so
/// that a fixture shows they were sent, and are scrubbed). A transport error is not
/// recorded; it is rethrown.
public actor RecordingTransport: HTTPTransport {
    private let base: any HTTPTransport
    private let scrubber: FixtureScrubber
    private let recordedHeaders: Set<String>
    private var recorded: [ExchangeFixture.Exchange] = []

    /// The header fields recorded by default (compared without regard to case).
    public static let defaultRecordedHeaders: Set<String> = [
        "content-type", "accept", "retry-after", "www-authenticate", "authorization", "api-secret",
    ]

    /// Creates a recorder around `base`.
    public init(
        wrapping base: any HTTPTransport, scrubber: FixtureScrubber = .standard,
        recordedHeaders: Set<String> = RecordingTransport.defaultRecordedHeaders
    ) {
        self.base = base
        self.scrubber = scrubber
        self.recordedHeaders = Set(recordedHeaders.map { $0.lowercased() })
    }

    /// Forwards `request` and records the exchange.
    ///
    /// - Throws: What the wrapped transport throws.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await base.send(request)
        recorded.append(
            ExchangeFixture.Exchange(
                request: ExchangeFixture.Request(
                    method: request.method.rawValue, url: request.url.absoluteString,
                    headers: kept(request.headerFields),
                    body: String(decoding: request.body, as: UTF8.self)),
                response: ExchangeFixture.Response(
                    status: response.statusCode, headers: kept(response.headerFields),
                    body: String(decoding: response.body, as: UTF8.self))))
        return response
    }

    /// How many exchanges were recorded.
    public var count: Int { recorded.count }

    /// The recorded exchanges, scrubbed.
    public func fixture(source: String) -> ExchangeFixture {
        ExchangeFixture(source: source, exchanges: scrubber.scrub(recorded))
    }

    /// Writes the scrubbed fixture to `path` (JSON bodies as structure), creating folders.
    ///
    /// - Throws: File-system errors from creating the folder or writing the file.
    public func write(to path: String, source: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(fixture(source: source).jsonBytes(bodies: .structuredJSON)).write(to: url)
    }

    private func kept(_ fields: HTTPFields) -> [String: String] {
        var result: [String: String] = [:]
        for field in fields where recordedHeaders.contains(field.name.lowercased()) {
            result[field.name] = result[field.name].map { $0 + ", " + field.value } ?? field.value
        }
        return result
    }
}
