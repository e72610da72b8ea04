/// A JSON object: its members in document order.
///
/// Duplicate keys are kept as written and flagged by ``hasDuplicateKeys``; the
/// documented rule (Docs/Schema.md) is that a vendor record with a duplicate key is
/// not trusted: adapters reject it instead of picking the first or the last value.
public struct JSONObject: Sendable, Hashable {
    /// One `"key": value` member.
    public struct Member: Sendable, Hashable {
        /// The member's key, escapes resolved.
        public let key: String
        /// The member's value.
        public let value: JSONValue

        /// Creates a member.
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members, in document order.
    public let members: [Member]
    /// Whether any key appears more than once.
    public let hasDuplicateKeys: Bool

    /// Creates an object from members, computing ``hasDuplicateKeys``.
    public init(members: [Member]) {
        self.members = members
        var seen = Set<String>()
        var duplicate = false
        for member in members where !seen.insert(member.key).inserted {
            duplicate = true
            break
        }
        self.hasDuplicateKeys = duplicate
    }

    init(members: [Member], hasDuplicateKeys: Bool) {
        self.members = members
        self.hasDuplicateKeys = hasDuplicateKeys
    }

    /// The value of the first member named `key`, or `nil` when there is none.
    public subscript(key: String) -> JSONValue? {
        for member in members where member.key == key {
            return member.value
        }
        return nil
    }

    /// Whether a member named `key` exists (its value may be `null`).
    public func contains(_ key: String) -> Bool {
        members.contains { $0.key == key }
    }

    /// The keys in document order.
    public var keys: [String] { members.map(\.key) }
}
