import CGMKit
import Foundation
import Testing

@Suite("HTTP types")
struct HTTPTypesTests {
    @Test("header names compare case-insensitively and keep order and repeats")
    func headerFields() {
        var fields: HTTPFields = ["Content-Type": "application/json", "Accept": "a"]
        fields.append(name: "accept", value: "b")
        #expect(fields["content-type"] == "application/json")
        #expect(fields.values(for: "ACCEPT") == ["a", "b"])
        fields["Accept"] = "c"
        #expect(fields.values(for: "accept") == ["c"])
        #expect(fields.map(\.name) == ["Content-Type", "Accept"])
        fields["content-type"] = nil
        #expect(fields.map(\.name) == ["Accept"])
    }

    @Test("methods are uppercase tokens")
    func methods() {
        #expect(HTTPRequest.Method("PATCH")?.rawValue == "PATCH")
        #expect(HTTPRequest.Method("get") == nil)
        #expect(HTTPRequest.Method("") == nil)
    }

    @Test("a closure transport answers with its closure")
    func closureTransport() async throws {
        let transport = ClosureTransport { request in
            HTTPResponse(statusCode: request.method == .get ? 200 : 405)
        }
        let url = try #require(URL(string: "https://api.dexcom.com/v3/users/self/egvs"))
        #expect(try await transport.send(HTTPRequest(method: .get, url: url)).isSuccess)
        #expect(try await !transport.send(HTTPRequest(method: .post, url: url)).isSuccess)
    }

    @Test(
        "provider slugs from runtime text are validated",
        arguments: [
            ("dexcom_v3", true), ("my-clinic2", true), ("Dexcom", false), ("", false), ("2fast", false),
            ("a b", false), ("dexcom:v3", false), (String(repeating: "a", count: 65), false),
        ])
    func providerSlugs(text: String, valid: Bool) {
        #expect((ProviderID(text) != nil) == valid)
        #expect(ProviderID(text)?.rawValue == (valid ? text : nil))
    }
}
