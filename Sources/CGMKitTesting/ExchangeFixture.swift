import CGMKit

/// Recorded HTTP exchanges in a plain, diff-friendly JSON file:
///
/// ```json
/// { "source": "where it was recorded",
///   "exchanges": [
///     { "request":  { "method": "POST", "url": "https://…", "headers": {"Content-Type": "application/json"}, "body": "{}" },
///       "response": { "status": 200, "headers": {"Content-Type": "application/json"}, "body": "[]" } } ] }
/// ```
///
/// Bodies are text (JSON bodies are stored as their text, so they diff line by line
/// when pretty-printed). Secrets must be scrubbed before a fixture is committed.
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
            HTTPResponse(statusCode: status, headerFields: HTTPFields(headers.sorted { $0.key < $1.key }
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
    public init(json bytes: [UInt8]) throws {
        guard let root = try JSONReader().read(bytes).objectValue,
              let exchanges = root["exchanges"]?.arrayValue else {
            throw FormatError(description: "a fixture is an object with an exchanges array")
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
                  let status = response["status"]?.numberValue.flatMap({ Int(exactly: $0.doubleValue) }) else {
                throw FormatError(description: "exchange \(position) needs request.method, request.url and response.status")
            }
            return Exchange(
                request: Request(method: method, url: url, headers: headers(request["headers"]),
                                 body: request["body"]?.stringValue ?? ""),
                response: Response(status: status, headers: headers(response["headers"]),
                                   body: response["body"]?.stringValue ?? ""))
        }
    }

    /// The fixture as pretty JSON, keys in a stable order.
    public func jsonBytes() -> [UInt8] {
        func headers(_ fields: [String: String]) -> JSONValue {
            .object(JSONObject(members: fields.sorted { $0.key < $1.key }
                .map { JSONObject.Member(key: $0.key, value: .string($0.value)) }))
        }
        func object(_ members: [(String, JSONValue)]) -> JSONValue {
            .object(JSONObject(members: members.map { JSONObject.Member(key: $0.0, value: $0.1) }))
        }
        let root = object([
            ("source", .string(source)),
            ("exchanges", .array(exchanges.map { exchange in
                object([
                    ("request", object([("method", .string(exchange.request.method)), ("url", .string(exchange.request.url)),
                                        ("headers", headers(exchange.request.headers)), ("body", .string(exchange.request.body))])),
                    ("response", object([("status", .number(JSONNumber(exchange.response.status))),
                                         ("headers", headers(exchange.response.headers)), ("body", .string(exchange.response.body))])),
                ])
            })),
        ])
        return JSONWriter(layout: .pretty).bytes(from: root) + [0x0A]
    }
}
