/// A parsed JSON document: the tree that ``JSONReader`` produces and adapters read.
///
/// Numbers keep their source text next to their `Double` value, so an adapter can
/// tell `45` from `45.0` and reproduce a vendor's spelling when it must.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number literal.
    case number(JSONNumber)
    /// A string, with escapes resolved.
    case string(String)
    /// An array, in document order.
    case array([JSONValue])
    /// An object, members in document order.
    case object(JSONObject)

    /// The object, when this value is one.
    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// The array, when this value is one.
    public var arrayValue: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }

    /// The string, when this value is one.
    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    /// The number, when this value is one.
    public var numberValue: JSONNumber? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// Whether this value is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short name of the value's JSON type (`"object"`, `"string"`, …), for messages.
    /// It never contains the value itself.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// A JSON number: its literal text as it appeared in the document and its `Double` value.
public struct JSONNumber: Sendable, Hashable {
    /// The literal as written, for example `"-1.00"` or `"1e400"`.
    public let text: String
    /// The value as a `Double`. Literals beyond `Double`'s range become `±infinity`,
    /// which adapters must treat as invalid; JSON itself has no infinities.
    public let doubleValue: Double

    /// Creates a number from its literal text and value.
    public init(text: String, doubleValue: Double) {
        self.text = text
        self.doubleValue = doubleValue
    }
}

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
