import CGMKit

/// Writes a ``JSONValue`` tree straight into UTF-8 bytes, in the same text as
/// CGMKit's `JSONWriter` (same layout, escapes and number text) but without building
/// a `String` first: a 90-day FHIR Bundle is about 60 MB of pretty JSON, and this
/// writer keeps exporting it well under a second (cgm-bench).
struct ByteJSONWriter {
    let layout: JSONWriter.Layout
    private var output: [UInt8] = []
    private var indents: [[UInt8]] = [[0x0A]]

    init(layout: JSONWriter.Layout, capacity: Int) {
        self.layout = layout
        output.reserveCapacity(capacity)
    }

    static func bytes(from value: JSONValue, layout: JSONWriter.Layout, capacity: Int = 1 << 16) -> [UInt8] {
        var writer = ByteJSONWriter(layout: layout, capacity: capacity)
        writer.write(value, depth: 0)
        return writer.output
    }

    private mutating func write(_ value: JSONValue, depth: Int) {
        switch value {
        case .null: output += [0x6E, 0x75, 0x6C, 0x6C]
        case .bool(let flag): output += flag ? Array("true".utf8) : Array("false".utf8)
        case .number(let number): output += number.text.utf8
        case .string(let text): writeString(text)
        case .array(let elements):
            guard !elements.isEmpty else { output += [0x5B, 0x5D]; return }
            output.append(0x5B)
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(0x2C) }
                newline(depth + 1)
                write(element, depth: depth + 1)
            }
            newline(depth)
            output.append(0x5D)
        case .object(let object):
            guard !object.members.isEmpty else { output += [0x7B, 0x7D]; return }
            output.append(0x7B)
            for (position, member) in object.members.enumerated() {
                if position > 0 { output.append(0x2C) }
                newline(depth + 1)
                writeString(member.key)
                output.append(0x3A)
                if layout == .pretty { output.append(0x20) }
                write(member.value, depth: depth + 1)
            }
            newline(depth)
            output.append(0x7D)
        }
    }

    private mutating func newline(_ depth: Int) {
        guard layout == .pretty else { return }
        while indents.count <= depth {
            indents.append([0x0A] + [UInt8](repeating: 0x20, count: indents.count * 2))
        }
        output += indents[depth]
    }

    /// Plain printable ASCII without `"` or `\` is copied as is; anything else goes
    /// through CGMKit's `JSONWriter` so the escapes are exactly the same.
    private mutating func writeString(_ text: String) {
        var plain = true
        for byte in text.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte >= 0x7F {
            plain = false
            break
        }
        if plain {
            output.append(0x22)
            output += text.utf8
            output.append(0x22)
        } else {
            output += JSONWriter(layout: .compact).bytes(from: .string(text))
        }
    }
}
