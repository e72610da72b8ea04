import CGMKit

/// Reads a Nightscout site's glucose entries and treatments over the host's
/// `HTTPTransport`, and normalizes them.
///
/// ```swift
/// let client = NightscoutClient(site: try NightscoutSite(siteURL),
///                               credential: .token("readable-1a2b3c4d5e6f7a8b"),
///                               transport: URLSessionTransport(session: makeEphemeralSession()))
/// let batch = try await client.fetch(from: start, to: end)   // entries and treatments
/// ```
///
/// - Ranges are half-open, `[from, to)`. Nightscout answers newest first, at most
///   `count` per request, so a range is read page by page, each page ending just
///   before the oldest record of the one before, until a page comes back short.
/// - 429 and 5xx are retried with capped, jittered backoff honouring `Retry-After`
///   (`RetryingSender`); 401 and 403 are `CGMError.Code.unauthorized`; anything
///   else unexpected is `CGMError.Code.unexpectedResponse`. No message names the
///   site, the secret or a value.
public struct NightscoutClient: Sendable {
    /// The most records one request asks for.
    public static let defaultPageSize = 1_000

    /// The site.
    public let site: NightscoutSite
    private let credential: NightscoutCredential
    private let transport: any HTTPTransport
    private let pageSize: Int
    private let sender: RetryingSender
    private let normalizer = NightscoutNormalizer()

    /// Creates a client. `sleeper`, `random` and `clock` exist for tests.
    public init(site: NightscoutSite, credential: NightscoutCredential, transport: any HTTPTransport,
                pageSize: Int = NightscoutClient.defaultPageSize, retryPolicy: RetryPolicy = RetryPolicy(),
                sleeper: any CGMSleeper = TaskSleeper(), random: any CGMRandomSource = SystemRandomSource(),
                clock: any CGMClock = SystemClock(), logSink: (any CGMLogSink)? = nil) {
        self.site = site
        self.credential = credential
        self.transport = transport
        self.pageSize = min(max(pageSize, 1), 10_000)
        self.sender = RetryingSender(policy: retryPolicy, sleeper: sleeper, random: random, clock: clock,
                                     budget: RetryBudget(), logSink: logSink, provider: .nightscout)
    }

    /// Entries (`sgv`, `mbg`, …) with `date` in `[from, to)`, all pages, normalized.
    public func entries(from start: CGMInstant, to end: CGMInstant) async throws -> CGMBatch {
        try await pages(path: "/api/v1/entries.json", field: "date", from: start, to: end) {
            String($0.millisecondsSince1970)
        }
    }

    /// Treatments with `created_at` in `[from, to)`, all pages, normalized.
    public func treatments(from start: CGMInstant, to end: CGMInstant) async throws -> CGMBatch {
        try await pages(path: "/api/v1/treatments.json", field: "created_at", from: start, to: end) { $0.rfc3339 }
    }

    /// Entries and treatments in `[from, to)`, merged into one batch.
    public func fetch(from start: CGMInstant, to end: CGMInstant) async throws -> CGMBatch {
        var assembler = BatchAssembler(provider: .nightscout)
        assembler.merge(try await entries(from: start, to: end))
        assembler.merge(try await treatments(from: start, to: end))
        return assembler.makeBatch()
    }

    // MARK: - Paging

    private func pages(path: String, field: String, from start: CGMInstant, to end: CGMInstant,
                       format: (CGMInstant) -> String) async throws -> CGMBatch {
        guard start < end else {
            throw CGMError(code: .invalidArgument, message: "the range must end after it starts")
        }
        var assembler = BatchAssembler(provider: .nightscout)
        var upper = end
        // A range can hold at most one record per millisecond per kind; this bounds a
        // misbehaving server that keeps answering full pages.
        let maximumPages = 10_000
        for _ in 0..<maximumPages {
            let query = [("find[\(field)][$gte]", format(start)), ("find[\(field)][$lt]", format(upper)),
                         ("count", String(pageSize))]
            let (page, elementCount) = try await page(path: path, query: query)
            assembler.merge(page)
            guard elementCount >= pageSize else { break }
            let instants = page.readings.map(\.time.instant) + page.events.map(\.time.instant)
            guard let oldest = instants.min(), oldest < upper, oldest > start else { break }
            upper = oldest
        }
        return assembler.makeBatch()
    }

    private func page(path: String, query: [(String, String)]) async throws -> (CGMBatch, Int) {
        var items = query
        if let token = credential.queryToken { items.append(("token", token)) }
        guard let url = site.url(path: path, query: items) else {
            throw CGMError(code: .invalidArgument, message: "the Nightscout request URL cannot be built")
        }
        var fields: HTTPFields = ["Accept": "application/json"]
        if let secret = credential.headerField { fields.append(name: secret.name, value: secret.value) }
        let response = try await sender.send(HTTPRequest(method: .get, url: url, headerFields: fields),
                                             through: transport, isRetryable: Self.isRetryable)
        switch response.statusCode {
        case 200:
            guard let document = try? normalizer.reader.read(response.body), let elements = document.arrayValue else {
                throw CGMError(code: .unexpectedResponse, message: "Nightscout answered without a JSON array",
                               httpStatus: 200)
            }
            return (try normalizer.normalize(document), elements.count)
        case 401, 403:
            throw CGMError(code: .unauthorized,
                           message: "Nightscout refused the credential; check the API secret or token and its role",
                           httpStatus: response.statusCode)
        default:
            throw CGMError(code: .unexpectedResponse, message: "Nightscout answered with an unexpected status",
                           httpStatus: response.statusCode)
        }
    }

    /// 429 and 5xx may pass on a later try.
    static func isRetryable(_ response: HTTPResponse) -> Bool {
        response.statusCode == 429 || (500...599).contains(response.statusCode)
    }
}

/// The client holds the credential and the site: it renders as its type name only.
extension NightscoutClient: PHIRedacting {}
