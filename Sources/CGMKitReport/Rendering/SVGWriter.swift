/// Writes SVG elements as text: escaped content, fixed-decimal coordinates, and text
/// kept as `<text>` (selectable, searchable, printable).
struct SVGWriter {
    private(set) var output = ""

    mutating func raw(_ text: String) {
        output += text
    }

    mutating func element(_ name: String, _ attributes: [(String, String)], content: String? = nil) {
        output += "<" + name
        for (key, value) in attributes { output += " " + key + "=\"" + Self.escape(value) + "\"" }
        if let content { output += ">" + content + "</" + name + ">\n" } else { output += "/>\n" }
    }

    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, extra: [(String, String)] = []
    ) {
        element(
            "rect",
            [
                ("x", f(x)), ("y", f(y)), ("width", f(max(0, width))), ("height", f(max(0, height))),
                ("fill", fill),
            ] + extra)
    }

    mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
        dash: String? = nil
    ) {
        var attributes = [
            ("x1", f(x1)), ("y1", f(y1)), ("x2", f(x2)), ("y2", f(y2)), ("stroke", stroke),
            ("stroke-width", f(width)),
        ]
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        element("line", attributes)
    }

    mutating func text(
        _ content: String, x: Double, y: Double, size: Double = 11, anchor: String = "start",
        weight: String? = nil, fill: String = ReportPalette.ink, extra: [(String, String)] = []
    ) {
        var attributes = [("x", f(x)), ("y", f(y)), ("font-size", f(size)), ("fill", fill), ("text-anchor", anchor)]
        if let weight { attributes.append(("font-weight", weight)) }
        element("text", attributes + extra, content: Self.escape(content))
    }

    func f(_ value: Double) -> String { ReportFormat.fixed(value, 1) }

    func points(_ list: [(Double, Double)]) -> String {
        list.map { f($0.0) + "," + f($0.1) }.joined(separator: " ")
    }

    /// XML-escapes text content and attribute values. Characters XML 1.0 does not allow
    /// in a document (C0 controls other than tab, line feed and carriage return, the
    /// surrogate-free noncharacters U+FFFE and U+FFFF; XML 1.0 §2.2) become U+FFFD, so any
    /// title still gives a well-formed page.
    static func escape(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case "\t", "\n", "\r": output.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": output += "\u{FFFD}"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
