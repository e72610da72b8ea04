import CGMKit

/// Writes JSON text straight into UTF-8 bytes, member by member, in exactly the text
/// CGMKit's `JSONWriter` gives for the same tree (layout, escapes, number text), without
/// building a tree first. The FHIR export writes a 90-day Bundle (about 60 MB of pretty
/// JSON, 25,920 Observations) this way, well under a second (cgm-bench).
struct JSONStream {
    private(set) var bytes: [UInt8] = []
    private let pretty: Bool
    /// One entry per open container: whether it has had an element yet.
    private var started: [Bool] = []
    private var indents: [[UInt8]] = [[0x0A]]
    /// Set after a key: the next value follows it on the same line.
    private var afterKey = false

    init(layout: JSONWriter.Layout, capacity: Int) {
        pretty = layout == .pretty
        bytes.reserveCapacity(capacity)
    }

    /// The text written, ending with a newline.
    consuming func finish() -> [UInt8] {
        bytes.append(0x0A)
        return bytes
    }

    // MARK: - Containers

    mutating func beginObject() {
        beforeValue()
        bytes.append(0x7B)
        started.append(false)
    }

    mutating func endObject() {
        close(0x7D)
    }

    mutating func beginArray() {
        beforeValue()
        bytes.append(0x5B)
        started.append(false)
    }

    mutating func endArray() {
        close(0x5D)
    }

    /// A member's key; the value written next belongs to it.
    mutating func key(_ key: String) {
        elementStart()
        appendString(key)
        bytes.append(0x3A)
        if pretty { bytes.append(0x20) }
        afterKey = true
    }

    // MARK: - Scalars

    mutating func string(_ text: String) {
        beforeValue()
        appendString(text)
    }

    /// A finite number in the shortest text that reads back as the same `Double`
    /// (`JSONNumber`'s rule); `null` for NaN or infinity, which JSON cannot carry.
    mutating func number(_ value: Double) {
        beforeValue()
        if let number = JSONNumber(value) {
            bytes += number.text.utf8
        } else {
            bytes += [0x6E, 0x75, 0x6C, 0x6C]
        }
    }

    /// A whole JSON tree, written with the same rules.
    mutating func value(_ value: JSONValue) {
        switch value {
        case .null:
            beforeValue()
            bytes += [0x6E, 0x75, 0x6C, 0x6C]
        case .bool(let flag):
            beforeValue()
            bytes += flag ? Array("true".utf8) : Array("false".utf8)
        case .number(let number):
            beforeValue()
            bytes += number.text.utf8
        case .string(let text): string(text)
        case .array(let elements):
            beginArray()
            for element in elements { self.value(element) }
            endArray()
        case .object(let object):
            beginObject()
            for member in object.members {
                key(member.key)
                self.value(member.value)
            }
            endObject()
        }
    }

    // MARK: - Convenience

    mutating func member(_ key: String, _ text: String) {
        self.key(key)
        string(text)
    }

    mutating func member(_ key: String, number: Double) {
        self.key(key)
        self.number(number)
    }

    /// `"key": { … }`.
    mutating func object(_ key: String, _ body: (inout JSONStream) -> Void) {
        self.key(key)
        beginObject()
        body(&self)
        endObject()
    }

    /// `"key": [ … ]`.
    mutating func array(_ key: String, _ body: (inout JSONStream) -> Void) {
        self.key(key)
        beginArray()
        body(&self)
        endArray()
    }

    /// `{ … }` as an array element.
    mutating func element(_ body: (inout JSONStream) -> Void) {
        beginObject()
        body(&self)
        endObject()
    }

    // MARK: - Layout

    private mutating func beforeValue() {
        if afterKey {
            afterKey = false
        } else if !started.isEmpty {
            elementStart()
        }
    }

    private mutating func elementStart() {
        if let last = started.indices.last {
            if started[last] { bytes.append(0x2C) }
            started[last] = true
        }
        newline(started.count)
    }

    private mutating func close(_ bracket: UInt8) {
        let hadElements = started.popLast() ?? false
        if hadElements { newline(started.count) }
        bytes.append(bracket)
    }

    private mutating func newline(_ depth: Int) {
        guard pretty else { return }
        while indents.count <= depth {
            indents.append([0x0A] + [UInt8](repeating: 0x20, count: indents.count * 2))
        }
        bytes += indents[depth]
    }

    /// Plain printable ASCII without `"` or `\` is copied as is; anything else goes
    /// through CGMKit's `JSONWriter` so the escapes are exactly the same.
    private mutating func appendString(_ text: String) {
        var plain = true
        for byte in text.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte >= 0x7F {
            plain = false
            break
        }
        if plain {
            bytes.append(0x22)
            bytes += text.utf8
            bytes.append(0x22)
        } else {
            bytes += JSONWriter(layout: .compact).bytes(from: .string(text))
        }
    }
}
