import CGMKit
import Foundation

/// Removes secrets from recorded exchanges before they are written as a fixture.
///
/// It finds secret values in three places: the named header fields, the named
/// query items, and the named keys of JSON and form bodies (at any depth). A
/// response whose whole body is a JSON string (a Share session or account id) is a
/// secret too, unless it is the all-zero UUID, which means "login failed" and must
/// survive. Each secret value gets a placeholder, and every occurrence of that value
/// anywhere in the fixture (URL, headers, bodies, plain, percent-encoded or
/// JSON-escaped) is replaced by it. The same value gets the same placeholder
/// throughout, so a session id returned by a login still matches the later reads that
/// use it. A UUID gets a UUID-shaped placeholder (`00000000-0000-4000-8000-000000000001`).
///
/// Names are compared without regard to case. Values shorter than 4 characters are
/// replaced only where they were found, never elsewhere, so that `"1"` does not
/// scrub every digit.
///
/// ```swift
/// var scrubber = FixtureScrubber.standard
/// scrubber.secrets = [username, password]   // literal values to remove anywhere
/// let clean = scrubber.scrub(recorded)
/// ```
public struct FixtureScrubber: Sendable {
    /// Header fields whose values are secret (`Authorization`, `API-SECRET`, …).
    public var headerNames: Set<String>
    /// Query items whose values are secret (`token`, `sessionId`, …).
    public var queryItems: Set<String>
    /// JSON body keys whose values are secret (`password`, `refresh_token`, …).
    public var bodyKeys: Set<String>
    /// Form body (`a=1&b=2`) keys whose values are secret (`code`, `client_secret`, …).
    /// Kept apart from ``bodyKeys`` because Share's JSON error bodies carry a `Code`
    /// that must survive.
    public var formKeys: Set<String>
    /// Whether a response body that is a bare JSON string is a secret.
    public var scrubsBareStringResponses: Bool
    /// Literal values to remove wherever they appear (user names, passwords).
    public var secrets: [String]

    /// Creates a scrubber; names are matched without regard to case.
    public init(
        headerNames: Set<String>, queryItems: Set<String>, bodyKeys: Set<String>, formKeys: Set<String>,
        scrubsBareStringResponses: Bool = true, secrets: [String] = []
    ) {
        self.headerNames = Set(headerNames.map { $0.lowercased() })
        self.queryItems = Set(queryItems.map { $0.lowercased() })
        self.bodyKeys = Set(bodyKeys.map { $0.lowercased() })
        self.formKeys = Set(formKeys.map { $0.lowercased() })
        self.scrubsBareStringResponses = scrubsBareStringResponses
        self.secrets = secrets
    }

    /// The names the vendor APIs CGMKit knows use for tokens, passwords, session and
    /// account ids: OAuth 2 (Dexcom v3), Dexcom Share and Nightscout.
    public static let standard = FixtureScrubber(
        headerNames: ["authorization", "api-secret", "cookie", "set-cookie", "x-api-key", "proxy-authorization"],
        queryItems: [
            "token", "access_token", "refresh_token", "code", "state", "client_secret", "sessionid",
            "accountid", "password", "secret", "api_secret",
        ],
        bodyKeys: [
            "password", "accountname", "accountid", "sessionid", "access_token", "refresh_token", "id_token",
            "client_secret", "code_verifier", "token", "secret", "api_secret", "username", "email",
        ],
        formKeys: [
            "code", "client_secret", "refresh_token", "code_verifier", "password", "username",
            "access_token", "token",
        ])

    /// The exchanges with every secret replaced.
    public func scrub(_ exchanges: [ExchangeFixture.Exchange]) -> [ExchangeFixture.Exchange] {
        var table = PlaceholderTable()
        for secret in secrets where !secret.isEmpty { table.placeholder(for: secret) }
        // Pass 1: replace secrets where they were found, learning their values.
        var scrubbed = exchanges.map { exchange in
            var copy = exchange
            copy.request.url = scrubURL(copy.request.url, table: &table)
            copy.request.headers = scrubHeaders(copy.request.headers, table: &table)
            copy.request.body = scrubBody(copy.request.body, table: &table)
            copy.response.headers = scrubHeaders(copy.response.headers, table: &table)
            copy.response.body = scrubResponseBody(copy.response.body, table: &table)
            return copy
        }
        // Pass 2: replace every other occurrence of a learnt value.
        let needles = table.needles()
        scrubbed = scrubbed.map { exchange in
            var copy = exchange
            copy.request.url = Self.replace(needles, in: copy.request.url)
            copy.request.headers = copy.request.headers.mapValues { Self.replace(needles, in: $0) }
            copy.request.body = Self.replace(needles, in: copy.request.body)
            copy.response.headers = copy.response.headers.mapValues { Self.replace(needles, in: $0) }
            copy.response.body = Self.replace(needles, in: copy.response.body)
            return copy
        }
        return scrubbed
    }

    // MARK: - Where secrets are found

    private func scrubHeaders(_ headers: [String: String], table: inout PlaceholderTable) -> [String: String] {
        var result = headers
        for (name, value) in headers where headerNames.contains(name.lowercased()) {
            // Keep an auth scheme ("Bearer") readable; scrub what follows it.
            let parts = value.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2, ["bearer", "basic", "token"].contains(parts[0].lowercased()) {
                result[name] = parts[0] + " " + table.placeholder(for: parts[1])
            } else {
                result[name] = table.placeholder(for: value)
            }
        }
        return result
    }

    private func scrubURL(_ url: String, table: inout PlaceholderTable) -> String {
        guard var components = URLComponents(string: url), let items = components.queryItems else { return url }
        var changed = false
        components.queryItems = items.map { item in
            guard queryItems.contains(item.name.lowercased()), let value = item.value, !value.isEmpty else {
                return item
            }
            changed = true
            return URLQueryItem(name: item.name, value: table.placeholder(for: value))
        }
        return changed ? (components.string ?? url) : url
    }

    private func scrubBody(_ body: String, table: inout PlaceholderTable) -> String {
        if let json = try? JSONReader().read(Array(body.utf8)) {
            var changed = false
            let scrubbed = scrubJSON(json, table: &table, changed: &changed)
            return changed ? JSONWriter(layout: .compact).string(from: scrubbed) : body
        }
        return scrubForm(body, table: &table)
    }

    private func scrubResponseBody(_ body: String, table: inout PlaceholderTable) -> String {
        if scrubsBareStringResponses, case .string(let value)? = try? JSONReader().read(Array(body.utf8)),
            !value.isEmpty, value != "00000000-0000-0000-0000-000000000000"
        {
            return JSONWriter(layout: .compact).string(from: .string(table.placeholder(for: value)))
        }
        return scrubBody(body, table: &table)
    }

    private func scrubJSON(_ value: JSONValue, table: inout PlaceholderTable, changed: inout Bool) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(
                JSONObject(
                    members: object.members.map { member in
                        if bodyKeys.contains(member.key.lowercased()) {
                            switch member.value {
                            case .string(let text) where !text.isEmpty:
                                changed = true
                                return JSONObject.Member(key: member.key, value: .string(table.placeholder(for: text)))
                            case .number(let number):
                                changed = true
                                return JSONObject.Member(
                                    key: member.key, value: .string(table.placeholder(for: number.text)))
                            default:
                                break
                            }
                        }
                        return JSONObject.Member(
                            key: member.key, value: scrubJSON(member.value, table: &table, changed: &changed))
                    }))
        case .array(let elements):
            return .array(elements.map { scrubJSON($0, table: &table, changed: &changed) })
        default:
            return value
        }
    }

    /// `a=1&b=2` bodies (the OAuth token endpoint), read as ``RequestMatcher`` reads them.
    private func scrubForm(_ body: String, table: inout PlaceholderTable) -> String {
        guard let pairs = RequestMatcher.formPairs(body) else { return body }
        return pairs.map { key, value -> String in
            guard formKeys.contains((key.removingPercentEncoding ?? key).lowercased()), !value.isEmpty else {
                return key + "=" + value
            }
            let decoded = value.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? value
            return key + "=" + table.placeholder(for: decoded)
        }.joined(separator: "&")
    }

    // MARK: - Replacing everywhere

    private static func replace(_ needles: [(String, String)], in text: String) -> String {
        needles.reduce(text) { result, needle in
            result.contains(needle.0) ? result.replacingOccurrences(of: needle.0, with: needle.1) : result
        }
    }
}

/// Secret values and the placeholders that stand for them.
private struct PlaceholderTable {
    private var placeholders: [String: String] = [:]
    private var order: [String] = []

    @discardableResult
    mutating func placeholder(for secret: String) -> String {
        if let known = placeholders[secret] { return known }
        if placeholders.values.contains(secret) { return secret }  // already a placeholder
        let number = order.count + 1
        let placeholder =
            Self.isUUID(secret)
            ? "00000000-0000-4000-8000-" + String(String(number).suffix(12)).leftPadded(to: 12)
            : "scrubbed-\(number)"
        placeholders[secret] = placeholder
        order.append(secret)
        return placeholder
    }

    /// Every spelling of every secret worth replacing elsewhere, longest first.
    func needles() -> [(String, String)] {
        var result: [(String, String)] = []
        for secret in order where secret.count >= 4 {
            guard let placeholder = placeholders[secret] else { continue }
            var spellings: Set<String> = [secret]
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) {
                spellings.insert(encoded)
            }
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) {
                spellings.insert(encoded)
            }
            let escaped = JSONWriter(layout: .compact).string(from: .string(secret))
            spellings.insert(String(escaped.dropFirst().dropLast()))
            result += spellings.map { ($0, placeholder) }
        }
        return result.sorted { $0.0.count > $1.0.count }
    }

    static func isUUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                if byte != UInt8(ascii: "-") { return false }
            } else if !(byte >= 0x30 && byte <= 0x39) && !((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66) {
                return false
            }
        }
        return true
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
