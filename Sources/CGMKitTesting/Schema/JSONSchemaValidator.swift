import CGMKit

/// Validates JSON values against a set of JSON Schema (draft 2020-12) documents, so an
/// adapter's tests check its output against `Schemas/` with no extra tool.
///
/// It implements the keywords CGMKit's schemas use: `type`, `enum`, `const`,
/// `properties`, `required`, `additionalProperties`, `minProperties`, `items`,
/// `minItems`, `maxItems`, `minimum`, `maximum`, `exclusiveMinimum`,
/// `exclusiveMaximum`, `minLength`, `maxLength`, `pattern`, `allOf`, `anyOf`,
/// `oneOf`, `not`, `if`/`then`/`else`, and `$ref` to another document by file name,
/// with an optional `#/…` JSON pointer. Annotations (`title`, `description`,
/// `$schema`, `$id`, `$defs`, `$comment`, `examples`, `default`) are skipped. Any
/// other keyword is reported as a violation rather than ignored, so a schema change
/// this validator does not understand cannot pass by accident.
///
/// ```swift
/// let validator = try JSONSchemaValidator(documents: BundledSchemas.documents)
/// let violations = validator.validate(batchJSON, against: "batch.schema.json")
/// ```
public struct JSONSchemaValidator: Sendable {
    /// One place where a value breaks its schema.
    public struct Violation: Sendable, Hashable, CustomStringConvertible {
        /// Where in the instance, as a JSON pointer (`/readings/3/status`).
        public let instancePath: String
        /// Which rule, as schema file and keyword (`reading.schema.json: enum`).
        public let rule: String
        /// What is wrong. Names types and rules, never the instance's values.
        public let message: String

        /// `/readings/3/status: enum (value not in the allowed list)`.
        public var description: String { "\(instancePath.isEmpty ? "/" : instancePath): \(rule) (\(message))" }
    }

    /// A schema document that is not JSON or not an object.
    public struct InvalidSchema: Error, CustomStringConvertible {
        /// Which document and why.
        public let description: String
    }

    private let documents: [String: JSONValue]
    /// Every `pattern` of every document, compiled once.
    /// (`Regex<AnyRegexOutput>` is not declared `Sendable`; the compiled values are
    /// immutable and only read.)
    nonisolated(unsafe) private let patterns: [String: Regex<AnyRegexOutput>]

    /// Creates a validator over schema documents keyed by file name
    /// (`"reading.schema.json"`), as `$ref` names them.
    ///
    /// - Throws: A `JSONReaderError` when a document is not JSON, or an error for a `pattern` that does not compile.
    public init(documents: [String: String]) throws {
        var parsed: [String: JSONValue] = [:]
        for (name, text) in documents {
            guard let value = try? JSONReader().read(Array(text.utf8)), value.objectValue != nil else {
                throw InvalidSchema(description: "schema \(name) is not a JSON object")
            }
            parsed[name] = value
        }
        self.documents = parsed
        var patterns: [String: Regex<AnyRegexOutput>] = [:]
        func collect(_ value: JSONValue) {
            switch value {
            case .object(let object):
                for member in object.members {
                    if member.key == "pattern", let source = member.value.stringValue, let regex = try? Regex(source) {
                        patterns[source] = regex
                    }
                    collect(member.value)
                }
            case .array(let elements):
                elements.forEach(collect)
            default:
                break
            }
        }
        parsed.values.forEach(collect)
        self.patterns = patterns
    }

    /// Every violation of `instance` against the document `name`; empty when valid.
    public func validate(_ instance: JSONValue, against name: String) -> [Violation] {
        guard let schema = documents[name] else {
            return [Violation(instancePath: "", rule: name, message: "no such schema document")]
        }
        var violations: [Violation] = []
        check(instance, schema, document: name, path: "", into: &violations, depth: 0)
        return violations
    }

    // MARK: - Keywords

    private static let annotations: Set<String> = [
        "title", "description", "$schema", "$id", "$defs", "$comment", "examples", "default",
        "then", "else",  // evaluated together with "if"
    ]

    private func check(
        _ instance: JSONValue, _ schema: JSONValue, document: String, path: String,
        into violations: inout [Violation], depth: Int
    ) {
        guard depth < 64 else {
            violations.append(Violation(instancePath: path, rule: document, message: "schema nesting too deep"))
            return
        }
        if case .bool(let allowed) = schema {
            if !allowed {
                violations.append(
                    Violation(instancePath: path, rule: "\(document): false", message: "no value allowed"))
            }
            return
        }
        guard let keywords = schema.objectValue else {
            violations.append(Violation(instancePath: path, rule: document, message: "schema is not an object"))
            return
        }
        func fail(_ keyword: String, _ message: String) {
            violations.append(Violation(instancePath: path, rule: "\(document): \(keyword)", message: message))
        }
        func passes(_ subschema: JSONValue) -> Bool {
            var scratch: [Violation] = []
            check(instance, subschema, document: document, path: path, into: &scratch, depth: depth + 1)
            return scratch.isEmpty
        }
        for member in keywords.members {
            let value = member.value
            switch member.key {
            case let key where Self.annotations.contains(key):
                continue
            case "$ref":
                guard let reference = value.stringValue,
                    let (target, targetDocument) = resolve(reference, from: document)
                else {
                    fail("$ref", "unresolvable reference")
                    continue
                }
                check(instance, target, document: targetDocument, path: path, into: &violations, depth: depth + 1)
            case "type":
                let allowed = value.arrayValue?.compactMap(\.stringValue) ?? value.stringValue.map { [$0] } ?? []
                if !allowed.contains(where: { Self.instance(instance, hasType: $0) }) {
                    fail("type", "\(instance.kindName) is not \(allowed.joined(separator: " or "))")
                }
            case "enum":
                if !(value.arrayValue ?? []).contains(where: { Self.equal($0, instance) }) {
                    fail("enum", "value not in the allowed list")
                }
            case "const":
                if !Self.equal(value, instance) { fail("const", "value is not the required constant") }
            case "properties":
                guard let object = instance.objectValue else { continue }
                for property in value.objectValue?.members ?? [] {
                    if let child = object[property.key] {
                        check(
                            child, property.value, document: document, path: path + "/" + Self.escape(property.key),
                            into: &violations, depth: depth + 1)
                    }
                }
            case "required":
                guard let object = instance.objectValue else { continue }
                for name in value.arrayValue?.compactMap(\.stringValue) ?? [] where !object.contains(name) {
                    fail("required", "missing property \(name)")
                }
            case "additionalProperties":
                guard let object = instance.objectValue else { continue }
                let declared = Set(keywords["properties"]?.objectValue?.keys ?? [])
                for member in object.members where !declared.contains(member.key) {
                    if case .bool(false) = value {
                        fail("additionalProperties", "property \(member.key) is not allowed")
                    } else {
                        check(
                            member.value, value, document: document, path: path + "/" + Self.escape(member.key),
                            into: &violations, depth: depth + 1)
                    }
                }
            case "minProperties":
                if let object = instance.objectValue, let minimum = Self.integer(value), object.members.count < minimum
                {
                    fail("minProperties", "fewer than \(minimum) properties")
                }
            case "items":
                guard let elements = instance.arrayValue else { continue }
                for (index, element) in elements.enumerated() {
                    check(
                        element, value, document: document, path: path + "/\(index)", into: &violations,
                        depth: depth + 1)
                }
            case "minItems":
                if let elements = instance.arrayValue, let minimum = Self.integer(value), elements.count < minimum {
                    fail("minItems", "fewer than \(minimum) items")
                }
            case "maxItems":
                if let elements = instance.arrayValue, let maximum = Self.integer(value), elements.count > maximum {
                    fail("maxItems", "more than \(maximum) items")
                }
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
                guard let number = instance.numberValue?.doubleValue, let limit = value.numberValue?.doubleValue else {
                    continue
                }
                let holds =
                    switch member.key {
                    case "minimum": number >= limit
                    case "maximum": number <= limit
                    case "exclusiveMinimum": number > limit
                    default: number < limit
                    }
                if !holds { fail(member.key, "number outside the allowed range") }
            case "minLength", "maxLength":
                guard let text = instance.stringValue, let limit = Self.integer(value) else { continue }
                let length = text.unicodeScalars.count
                if member.key == "minLength" ? length < limit : length > limit {
                    fail(member.key, "string length outside the allowed range")
                }
            case "pattern":
                guard let text = instance.stringValue else { continue }
                guard let source = value.stringValue, let regex = patterns[source] else {
                    fail("pattern", "the schema's pattern does not compile")
                    continue
                }
                if (try? regex.firstMatch(in: text)) == nil { fail("pattern", "string does not match the pattern") }
            case "allOf":
                for subschema in value.arrayValue ?? [] {
                    check(instance, subschema, document: document, path: path, into: &violations, depth: depth + 1)
                }
            case "anyOf":
                if !(value.arrayValue ?? []).contains(where: passes) { fail("anyOf", "no alternative matches") }
            case "oneOf":
                let matches = (value.arrayValue ?? []).filter(passes).count
                if matches != 1 { fail("oneOf", "\(matches) alternatives match instead of exactly 1") }
            case "not":
                if passes(value) { fail("not", "value matches a schema it must not") }
            case "if":
                if passes(value) {
                    if let then = keywords["then"] {
                        check(instance, then, document: document, path: path, into: &violations, depth: depth + 1)
                    }
                } else if let otherwise = keywords["else"] {
                    check(instance, otherwise, document: document, path: path, into: &violations, depth: depth + 1)
                }
            default:
                fail(member.key, "keyword not supported by this validator")
            }
        }
    }

    // MARK: - Helpers

    /// `"reading.schema.json"`, `"common.schema.json#/$defs/instant"` or `"#/$defs/x"`.
    private func resolve(_ reference: String, from document: String) -> (JSONValue, String)? {
        let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let name = parts[0].isEmpty ? document : parts[0]
        guard var target = documents[name] else { return nil }
        if parts.count == 2, !parts[1].isEmpty {
            for token in parts[1].split(separator: "/") {
                let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                guard let next = target.objectValue?[key] else { return nil }
                target = next
            }
        }
        return (target, name)
    }

    private static func instance(_ value: JSONValue, hasType type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null),
            ("number", .number):
            return true
        case ("integer", .number(let number)):
            return number.doubleValue.isFinite && number.doubleValue.rounded() == number.doubleValue
        default:
            return false
        }
    }

    /// JSON equality: numbers by value, objects regardless of member order.
    private static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.number(let left), .number(let right)):
            return left.doubleValue == right.doubleValue
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { equal($0, $1) }
        case (.object(let left), .object(let right)):
            return left.members.count == right.members.count
                && left.members.allSatisfy { member in right[member.key].map { equal(member.value, $0) } ?? false }
        default:
            return lhs == rhs
        }
    }

    private static func integer(_ value: JSONValue) -> Int? {
        value.numberValue.flatMap { Int(exactly: $0.doubleValue) }
    }

    private static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
