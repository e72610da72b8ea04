import CGMKit
import Foundation

/// Decides whether a live request matches a recorded one: same method, scheme, host
/// and path; the same query items; the same body (JSON bodies compared as JSON,
/// ignoring key order). Keys listed as volatile (a session id that was scrubbed from
/// the recording) are ignored in the query and compared for presence only in bodies;
/// form bodies (`a=1&b=2`) are compared pair by pair with the same rule.
public struct RequestMatcher: Sendable {
    /// Query item names whose presence and value are not compared.
    public var ignoredQueryItems: Set<String>
    /// Body keys whose values are not compared (their presence is).
    public var ignoredBodyKeys: Set<String>

    /// Creates a matcher.
    public init(ignoredQueryItems: Set<String> = [], ignoredBodyKeys: Set<String> = []) {
        self.ignoredQueryItems = ignoredQueryItems
        self.ignoredBodyKeys = ignoredBodyKeys
    }

    /// `nil` when `actual` matches `recorded`, else what differs (names only, no values).
    public func mismatch(recorded: ExchangeFixture.Request, actual: HTTPRequest) -> String? {
        guard recorded.method == actual.method.rawValue else {
            return "method \(actual.method) instead of \(recorded.method)"
        }
        guard let expected = URLComponents(string: recorded.url),
            let live = URLComponents(url: actual.url, resolvingAgainstBaseURL: false)
        else {
            return "an unparseable URL"
        }
        guard expected.scheme == live.scheme, expected.host == live.host, expected.path == live.path else {
            return "path \(live.path) instead of \(expected.path)"
        }
        func items(_ components: URLComponents) -> [String: String] {
            var result: [String: String] = [:]
            for item in components.queryItems ?? [] where !ignoredQueryItems.contains(item.name) {
                result[item.name] = item.value ?? ""
            }
            return result
        }
        let expectedItems = items(expected)
        let liveItems = items(live)
        guard expectedItems == liveItems else {
            return "query items \(liveItems.keys.sorted()) differ from the recording's \(expectedItems.keys.sorted())"
        }
        return bodyMismatch(recorded: recorded.body, actual: actual.body)
    }

    private func bodyMismatch(recorded: String, actual: [UInt8]) -> String? {
        let recordedBytes = Array(recorded.utf8)
        if recordedBytes.isEmpty && actual.isEmpty { return nil }
        guard let expected = try? JSONReader().read(recordedBytes), let live = try? JSONReader().read(actual) else {
            if recordedBytes == actual { return nil }
            if let expectedForm = Self.formPairs(recorded),
                let liveForm = Self.formPairs(String(decoding: actual, as: UTF8.self))
            {
                guard expectedForm.map(\.0) == liveForm.map(\.0) else { return "form keys differ from the recording's" }
                for (want, got) in zip(expectedForm, liveForm)
                where !ignoredBodyKeys.contains(want.0) && want.1 != got.1 {
                    return "form value of \(want.0) differs"
                }
                return nil
            }
            return "the body differs"
        }
        if let expectedObject = expected.objectValue, let liveObject = live.objectValue {
            guard Set(expectedObject.keys) == Set(liveObject.keys) else {
                return "body keys \(liveObject.keys.sorted()) instead of \(expectedObject.keys.sorted())"
            }
            for key in expectedObject.keys
            where !ignoredBodyKeys.contains(key) && expectedObject[key] != liveObject[key] {
                return "body value of \(key) differs"
            }
            return nil
        }
        return expected == live ? nil : "the body differs"
    }

    /// The pairs of an `a=1&b=2` body in order, or `nil` when it is not one.
    static func formPairs(_ body: String) -> [(String, String)]? {
        guard body.contains("="), !body.contains(" "), !body.contains("\n"), !body.hasPrefix("{") else { return nil }
        return body.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
    }
}
