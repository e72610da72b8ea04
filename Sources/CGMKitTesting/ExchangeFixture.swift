import CGMKit

/// Recorded HTTP exchanges in a plain, diff-friendly JSON file (`Docs/Fixtures.md`):
///
/// ```json
/// { "source": "where it was recorded",
///   "exchanges": [
///     { "request":  { "method": "POST", "url": "https://…", "headers": {"Content-Type": "application/json"}, "body": "{}" },
///       "response": { "status": 200, "headers": {"Content-Type": "application/json"}, "json": [ {"sgv": 120} ] } } ] }
/// ```
///
/// A body is either `"body"`, its exact text, or `"json"`, a JSON value written out
/// as structure so that it diffs line by line; a `"json"` body is replayed as its
/// compact text. Secrets must be scrubbed before a fixture is committed
/// (``RecordingTransport`` does it with a ``FixtureScrubber``).
public struct ExchangeFixture: Sendable, Hashable {
    /// A recorded request.
    public struct Request: Sendable, Hashable {
        /// The method, for example `POST`.
        public var method: String
        /// The absolute URL, query included.
        public var url: String
        /// Header fields worth keeping (`Content-Type`, …).
        public var headers: [String: String]
        /// The body text; empty for none.
        public var body: String

        /// Creates a recorded request.
        public init(method: String, url: String, headers: [String: String] = [:], body: String = "") {
            self.method = method
            self.url = url
            self.headers = headers
            self.body = body
        }
    }

    /// A recorded response.
    public struct Response: Sendable, Hashable {
        /// The status code.
        public var status: Int
        /// Header fields worth keeping.
        public var headers: [String: String]
        /// The body text.
        public var body: String

        /// Creates a recorded response.
        public init(status: Int, headers: [String: String] = [:], body: String = "") {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// The response as a CGMKit value.
        public var httpResponse: HTTPResponse {
            HTTPResponse(
                statusCode: status,
                headerFields: HTTPFields(
                    headers.sorted { $0.key < $1.key }
                        .map { HTTPFields.Field(name: $0.key, value: $0.value) }), body: Array(body.utf8))
        }
    }

    /// One request and the response it got.
    public struct Exchange: Sendable, Hashable {
        /// The request.
        public var request: Request
        /// The response.
        public var response: Response

        /// Creates an exchange.
        public init(request: Request, response: Response) {
            self.request = request
            self.response = response
        }
    }

    /// Where the exchanges come from.
    public var source: String
    /// The exchanges, in order.
    public var exchanges: [Exchange]

    /// Creates a fixture.
    public init(source: String, exchanges: [Exchange]) {
        self.source = source
        self.exchanges = exchanges
    }

    /// A malformed fixture file.
    public struct FormatError: Error, CustomStringConvertible {
        /// What is wrong.
        public let description: String
    }

    /// Reads a fixture from its JSON bytes.
    ///
    /// - Throws: `FormatError` or a `JSONReaderError` when the bytes are not an exchange fixture.
    public init(json bytes: [UInt8]) throws {
        guard let root = try JSONReader().read(bytes).objectValue,
            let exchanges = root["exchanges"]?.arrayValue
        else {
            throw FormatError(description: "a fixture is an object with an exchanges array")
        }
        func body(_ side: JSONObject) -> String {
            if let json = side["json"] { return JSONWriter(layout: .compact).string(from: json) }
            return side["body"]?.stringValue ?? ""
        }
        func headers(_ value: JSONValue?) -> [String: String] {
            var result: [String: String] = [:]
            for member in value?.objectValue?.members ?? [] {
                if let text = member.value.stringValue { result[member.key] = text }
            }
            return result
        }
        self.source = root["source"]?.stringValue ?? ""
        self.exchanges = try exchanges.enumerated().map { position, element in
            guard let request = element.objectValue?["request"]?.objectValue,
                let response = element.objectValue?["response"]?.objectValue,
                let method = request["method"]?.stringValue, let url = request["url"]?.stringValue,
                let status = response["status"]?.numberValue.flatMap({ Int(exactly: $0.doubleValue) })
            else {
                throw FormatError(
                    description: "exchange \(position) needs request.method, request.url and response.status")
            }
            return Exchange(
                request: Request(
                    method: method, url: url, headers: headers(request["headers"]),
                    body: body(request)),
                response: Response(
                    status: status, headers: headers(response["headers"]),
                    body: body(response)))
        }
    }

    /// The fixture as pretty JSON, keys in a stable order.
    public func jsonBytes() -> [UInt8] {
        func headers(_ fields: [String: String]) -> JSONValue {
            .object(
                JSONObject(
                    members: fields.sorted { $0.key < $1.key }
                        .map { JSONObject.Member(key: $0.key, value: .string($0.value)) }))
        }
        func object(_ members: [(String, JSONValue)]) -> JSONValue {
            .object(JSONObject(members: members.map { JSONObject.Member(key: $0.0, value: $0.1) }))
        }
        let root = object([
            ("source", .string(source)),
            (
                "exchanges",
                .array(
                    exchanges.map { exchange in
                        object([
                            (
                                "request",
                                object([
                                    ("method", .string(exchange.request.method)),
                                    ("url", .string(exchange.request.url)),
                                    ("headers", headers(exchange.request.headers)),
                                    ("body", .string(exchange.request.body)),
                                ])
                            ),
                            (
                                "response",
                                object([
                                    ("status", .number(JSONNumber(exchange.response.status))),
                                    ("headers", headers(exchange.response.headers)),
                                    ("body", .string(exchange.response.body)),
                                ])
                            ),
                        ])
                    })
            ),
        ])
        return JSONWriter(layout: .pretty).bytes(from: root) + [0x0A]
    }
}

extension ExchangeFixture {
    /// How ``jsonBytes(bodies:)`` writes bodies.
    public enum BodyStyle: Sendable, Hashable {
        /// Every body as its exact text (`"body"`): byte-exact replay.
        case text
        /// Bodies that are JSON as structure (`"json"`), others as text: diff-friendly.
        case structuredJSON
    }

    /// The fixture as pretty JSON with bodies written in `style`.
    public func jsonBytes(bodies style: BodyStyle) -> [UInt8] {
        guard style == .structuredJSON else { return jsonBytes() }
        var root = JSONReader().readOrNil(jsonBytes())?.objectValue?.members ?? []
        guard let index = root.firstIndex(where: { $0.key == "exchanges" }) else { return jsonBytes() }
        let exchanges: [JSONValue] = zip(exchanges, root[index].value.arrayValue ?? []).map { exchange, written in
            var members = written.objectValue?.members ?? []
            for (side, body) in [("request", exchange.request.body), ("response", exchange.response.body)] {
                guard let position = members.firstIndex(where: { $0.key == side }),
                    let json = JSONReader().readOrNil(Array(body.utf8)), !body.isEmpty
                else { continue }
                let fields = (members[position].value.objectValue?.members ?? [])
                    .map { $0.key == "body" ? JSONObject.Member(key: "json", value: json) : $0 }
                members[position] = JSONObject.Member(key: side, value: .object(JSONObject(members: fields)))
            }
            return .object(JSONObject(members: members))
        }
        root[index] = JSONObject.Member(key: "exchanges", value: .array(exchanges))
        return JSONWriter(layout: .pretty).bytes(from: .object(JSONObject(members: root))) + [0x0A]
    }
}

extension JSONReader {
    /// The value of `bytes`, or `nil` when they are not JSON.
    func readOrNil(_ bytes: [UInt8]) -> JSONValue? {
        try? read(bytes)
    }
}
