/// HTTP header fields: names compare case-insensitively, order and repeats are kept.
///
/// Values can hold secrets (`Authorization`), so ``description`` lists names only.
public struct HTTPFields: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral,
    CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable
{
    /// One `name: value` field.
    public struct Field: Sendable, Hashable {
        /// The name as written.
        public var name: String
        /// The value.
        public var value: String

        /// Creates a field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    private var fields: [Field]

    /// Creates fields in the given order.
    public init(_ fields: [Field] = []) {
        self.fields = fields
    }

    /// Creates fields from a literal.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    /// The first value for `name` (case-insensitive). Setting replaces every field of
    /// that name with one, or removes them when `nil`.
    public subscript(name: String) -> String? {
        get { fields.first { Self.equalNames($0.name, name) }?.value }
        set {
            let position = fields.firstIndex { Self.equalNames($0.name, name) }
            fields.removeAll { Self.equalNames($0.name, name) }
            if let newValue {
                fields.insert(Field(name: name, value: newValue), at: Swift.min(position ?? fields.count, fields.count))
            }
        }
    }

    /// Every value for `name` (case-insensitive), in order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.equalNames($0.name, name) }.map(\.value)
    }

    /// Appends a field, keeping any of the same name.
    public mutating func append(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }

    /// Field names only: values can be secrets.
    public var description: String { "[" + fields.map(\.name).joined(separator: ", ") + "]" }
    /// The same text as ``description``: field names only.
    public var debugDescription: String { description }
    /// Names only.
    public var customMirror: Mirror { Mirror(self, unlabeledChildren: fields.map(\.name), displayStyle: .collection) }

    private static func equalNames(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.count == rhs.utf8.count && lhs.lowercased() == rhs.lowercased()
    }
}
