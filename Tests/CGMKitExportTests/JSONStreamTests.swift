import CGMKit
import CGMKitTesting
import Foundation
import Testing

@testable import CGMKitExport

@Suite("JSONStream writes exactly JSONWriter's text")
struct JSONStreamTests {
    static let trees: [String] = {
        var texts = [
            #"{}"#, #"[]"#, #"{"a":[],"b":{},"c":[{}],"d":[[1,2],[]],"e":null,"f":true,"g":false}"#,
            #"["é\"\\\n\u0001\u2028 ","plain",-0.5,1e3,12345678901234567]"#,
        ]
        for name in exportGoldens.fileNames(withExtension: "json") {
            if let bytes = try? exportGoldens.bytes(name), bytes.count < 200_000 {
                texts.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        return texts
    }()

    @Test("Same bytes as JSONWriter, pretty and compact", arguments: trees)
    func identical(text: String) throws {
        let tree = try JSONReader().read(Array(text.utf8))
        for layout in [JSONWriter.Layout.pretty, .compact] {
            var stream = JSONStream(layout: layout, capacity: 0)
            stream.value(tree)
            #expect(stream.finish() == JSONWriter(layout: layout).bytes(from: tree) + [0x0A])
        }
    }

    @Test("Stable UUIDs: RFC 9562 version 8 text, deterministic, unique after a collision")
    func uuids() {
        let text = StableUUID(name: "sandbox:1").text
        #expect(text.count == 36)
        #expect(Array(text)[14] == "8" && "89ab".contains(Array(text)[19]))
        #expect(text == StableUUID(name: "sandbox:1").text && text != StableUUID(name: "sandbox:2").text)
        var allocator = UUIDAllocator()
        let first = allocator.uuid(for: "same")
        let second = allocator.uuid(for: "same")
        #expect(first == text.replacingOccurrences(of: text, with: StableUUID(name: "same").text) && first != second)
    }
}
