/// One JSON object of a batch, read strictly: typed accessors that throw a
/// ``CGMError/Code/notAPayload`` naming the field's path (`readings[3].time`), never its value.
struct BatchFields {
    let object: JSONObject
    let path: String

    init(_ value: JSONValue, path: String) throws(CGMError) {
        guard let object = value.objectValue else { throw Self.failure("\(path) is not an object") }
        guard !object.hasDuplicateKeys else { throw Self.failure("\(path) repeats a key") }
        self.object = object
        self.path = path
    }

    static func failure(_ message: String) -> CGMError {
        CGMError(code: .notAPayload, message: "not a cgmkit.batch.v1 batch: \(message)")
    }

    func failure(_ key: String, _ problem: String) -> CGMError {
        Self.failure("\(path).\(key) \(problem)")
    }

    /// Fails when the object has a key outside `allowed`. The key itself is not named:
    /// it is document content.
    func requireOnly(_ allowed: Set<String>) throws(CGMError) {
        for member in object.members where !allowed.contains(member.key) {
            throw Self.failure("\(path) has a member the schema does not define")
        }
    }

    func required(_ key: String) throws(CGMError) -> JSONValue {
        guard let value = object[key] else { throw failure(key, "is missing") }
        return value
    }

    /// The value, or `nil` when the member is `null`; the member must exist.
    func nullable(_ key: String) throws(CGMError) -> JSONValue? {
        let value = try required(key)
        return value.isNull ? nil : value
    }

    func string(_ key: String) throws(CGMError) -> String {
        guard let text = try required(key).stringValue else { throw failure(key, "is not a string") }
        return text
    }

    /// A string or `null`; the member must exist.
    func nullableString(_ key: String) throws(CGMError) -> String? {
        guard let value = try nullable(key) else { return nil }
        guard let text = value.stringValue else { throw failure(key, "is not a string or null") }
        return text
    }

    /// A string when the member exists; absent → `nil` (`null` is not allowed).
    func optionalString(_ key: String) throws(CGMError) -> String? {
        guard let value = object[key] else { return nil }
        guard let text = value.stringValue else { throw failure(key, "is not a string") }
        return text
    }

    func array(_ key: String) throws(CGMError) -> [JSONValue] {
        guard let elements = try required(key).arrayValue else { throw failure(key, "is not an array") }
        return elements
    }

    /// A finite number or `null`; the member must exist.
    func nullableNumber(_ key: String) throws(CGMError) -> Double? {
        guard let value = try nullable(key) else { return nil }
        guard let number = value.numberValue, number.doubleValue.isFinite else {
            throw failure(key, "is not a finite number or null")
        }
        return number.doubleValue
    }

    /// An integer written without fraction or exponent, within `range`; absent → `nil`.
    func optionalInteger(_ key: String, in range: ClosedRange<Int>) throws(CGMError) -> Int? {
        guard let value = object[key] else { return nil }
        guard let text = value.numberValue?.text, let integer = Int(text), range.contains(integer) else {
            throw failure(key, "is not an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return integer
    }

    func provider(_ key: String) throws(CGMError) -> ProviderID {
        guard let provider = ProviderID(try string(key)) else { throw failure(key, "is not a provider slug") }
        return provider
    }

    /// A member of a closed vocabulary (`status`, `trend`, …).
    func vocabulary<Term: RawRepresentable<String>>(_ key: String, as type: Term.Type) throws(CGMError) -> Term {
        guard let term = Term(rawValue: try string(key)) else { throw failure(key, "is not in its vocabulary") }
        return term
    }

    /// A UTC instant in the canonical form the encoder writes (`2025-04-19T16:43:33.817Z`).
    func instant(_ key: String) throws(CGMError) -> CGMInstant {
        let text = try string(key)
        guard let stamp = ISO8601Timestamp(text), stamp.offsetSeconds == 0 else {
            throw failure(key, "is not an RFC 3339 UTC instant")
        }
        let instant = stamp.instantAssumingUTC
        guard instant.rfc3339 == text else { throw failure(key, "is not in canonical RFC 3339 form") }
        return instant
    }

    /// A wall clock without offset in canonical form (`2025-01-30T15:49:55`); absent → `nil`.
    func optionalWallClock(_ key: String) throws(CGMError) -> LocalDateTime? {
        guard let text = try optionalString(key) else { return nil }
        guard let stamp = ISO8601Timestamp(text), stamp.offsetSeconds == nil, stamp.dateTime.iso8601 == text else {
            throw failure(key, "is not a canonical wall-clock time")
        }
        return stamp.dateTime
    }
}
