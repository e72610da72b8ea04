import CGMKit
import CGMKitDexcom
import Foundation
import Testing

/// Custom origins for a proxy or a test server: https anywhere, http only to loopback
/// (``OriginPolicy``), for both Dexcom clients.
@Suite("Dexcom custom origins")
struct CustomOriginTests {
    static let loopback = ["http://127.0.0.1:8080", "http://localhost:3000", "http://[::1]:9000"]
    static let refused = [
        "http://share2.dexcom.com", "http://10.1.2.3:8080", "http://127.0.0.1.example.com",
        "https://proxy.example/path", "https://user:pw@proxy.example",
    ]

    @Test("v3 and Share accept a loopback http origin", arguments: loopback)
    func acceptsLoopback(text: String) throws {
        let url = try #require(URL(string: text))
        #expect(try DexcomV3Environment(name: "local", baseURL: url).baseURL == url)
        let region = try DexcomShareRegion(
            name: "local", origin: url, applicationID: DexcomShareRegion.us.applicationID)
        #expect(region.host == url.host)
    }

    @Test("v3 and Share refuse http beyond loopback, paths and user info", arguments: refused)
    func refusesOthers(text: String) throws {
        let url = try #require(URL(string: text))
        #expect(throws: CGMError.self) { try DexcomV3Environment(name: "custom", baseURL: url) }
        #expect(throws: CGMError.self) {
            try DexcomShareRegion(name: "custom", origin: url, applicationID: DexcomShareRegion.us.applicationID)
        }
    }
}
