/// One element of a vendor array while an adapter maps it: its fields, its position,
/// and the warnings collected for it.
///
/// The reader states once how adapters read a vendor record (SPEC §2.1, §2.3):
/// - a missing member and `null` are the same: absent;
/// - a number is a finite JSON number, or a string the one text rule
///   (``NumberText/parse(_:)``) reads;
/// - a field of the wrong type is either dropped with a warning (``warn(_:_:)``) or
///   skips the record (``skip(_:_:)``), as the adapter's rule for that field says;
/// - warnings reach the batch only when the record is kept; a skipped record
///   contributes exactly one issue (``SkippedRecord``).
///
/// ```swift
/// var record = RecordReader(object: object, index: index)
/// do throws(SkippedRecord) {
///     guard case .value(let value) = record.number("value") else {
///         throw record.skip(.invalidValue, "value is not a finite number")
///     }
///     …
///     for issue in record.warnings { assembler.add(issue) }
///     assembler.add(reading, index: index)
/// } catch {
///     assembler.add(error.issue)
/// }
/// ```
///
/// Messages name fields, never their values (no PHI in issues).
@_spi(AdapterSupport)
public struct RecordReader: Sendable {
    /// The record's members.
    public let object: JSONObject
    /// The record's position in the vendor array.
    public let index: Int
    /// Problems of a record that is still kept; dropped when the record is skipped.
    public var warnings: [NormalizationIssue] = []

    /// A reader of `object`, found at `index` of the vendor array.
    public init(object: JSONObject, index: Int) {
        self.object = object
        self.index = index
    }

    /// What a field holds, read by one of the reader's rules.
    public enum Field<Value> {
        /// The member is missing or `null`.
        case absent
        /// The member holds a usable value.
        case value(Value)
        /// The member is present but not usable by the rule.
        case invalid

        /// The value, when there is one.
        @inlinable
        public var value: Value? {
            if case .value(let value) = self { return value }
            return nil
        }
    }

    // MARK: - Outcomes

    /// An issue about this record.
    @inlinable
    public func issue(_ code: NormalizationIssue.Code, _ message: String) -> NormalizationIssue {
        NormalizationIssue(index: index, code: code, message: message)
    }

    /// The skip that explains why this record is not kept; `throw` it.
    @inlinable
    public func skip(_ code: NormalizationIssue.Code, _ message: String) -> SkippedRecord {
        SkippedRecord(issue: issue(code, message))
    }

    /// Adds a warning to a record that is still kept.
    @inlinable
    public mutating func warn(_ code: NormalizationIssue.Code, _ message: String) {
        warnings.append(issue(code, message))
    }

    // MARK: - Fields

    /// The member `key` unless it is missing or `null`.
    @inlinable
    public func value(_ key: String) -> JSONValue? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    /// A string member as sent (an enum's token is kept as the vendor wrote it);
    /// `.invalid` for a value of another type.
    @inlinable
    public func text(_ key: String) -> Field<String> {
        guard let value = value(key) else { return .absent }
        guard let text = value.stringValue else { return .invalid }
        return .value(text)
    }

    /// A non-empty string, or `nil` (missing, `null`, empty, or not a string).
    @inlinable
    public func string(_ key: String) -> String? {
        guard let text = text(key).value, !text.isEmpty else { return nil }
        return text
    }

    /// An optional string member; a value of another type is dropped with an
    /// `invalidValue` warning.
    @inlinable
    public mutating func optionalString(_ key: String) -> String? {
        switch text(key) {
        case .absent: return nil
        case .value(let text): return text
        case .invalid:
            warn(.invalidValue, "\(key) is not a string")
            return nil
        }
    }

    /// A number member: a finite JSON number, or a string holding one by
    /// ``NumberText/parse(_:)`` (vendors send both). `.invalid` for anything else.
    @inlinable
    public func number(_ key: String) -> Field<Double> {
        guard let value = value(key) else { return .absent }
        switch value {
        case .number(let number):
            return number.doubleValue.isFinite ? .value(number.doubleValue) : .invalid
        case .string(let text):
            return NumberText.parse(text).map { .value($0) } ?? .invalid
        default:
            return .invalid
        }
    }

    /// A timestamp member read by `parse` (the vendor's format: ISO 8601, `Date(…)`);
    /// `.invalid` when it is not a string or `parse` refuses it.
    @inlinable
    public func timestamp<Timestamp>(_ key: String, _ parse: (String) -> Timestamp?) -> Field<Timestamp> {
        switch text(key) {
        case .absent: return .absent
        case .invalid: return .invalid
        case .value(let text): return parse(text).map { .value($0) } ?? .invalid
        }
    }
}

extension RecordReader.Field: Sendable where Value: Sendable {}
extension RecordReader.Field: Equatable where Value: Equatable {}
