import CGMKit
import Foundation
import Testing

/// Where clients may send credentials (``OriginPolicy``): https anywhere, http only to
/// this machine's loopback interface.
@Suite("Origin policy")
struct OriginPolicyTests {
    @Test(
        "allowed: https with a host, http to localhost, 127.0.0.0/8 or ::1",
        arguments: [
            "https://api.dexcom.com", "https://proxy.example:8443", "https://example.org/ns",
            "http://127.0.0.1:8080", "http://127.0.0.1", "http://127.255.3.4:9", "http://localhost:3000",
            "http://LOCALHOST", "http://[::1]:8080",
        ])
    func allowed(text: String) throws {
        #expect(OriginPolicy.allowsCredentials(to: try #require(URL(string: text))))
    }

    @Test(
        "refused: http elsewhere, look-alike hosts, other schemes, user info, queries, fragments",
        arguments: [
            "http://api.dexcom.com", "http://10.0.0.1", "http://192.168.1.2:80", "http://127.0.0.1.example.com",
            "http://127.0.0.256", "http://127.0.0", "http://128.0.0.1", "http://localhost.example.com",
            "ftp://127.0.0.1", "https://user:pw@example.org", "https://example.org?token=1", "https://example.org#x",
            "file:///tmp/x", "https:///nohost",
        ])
    func refused(text: String) throws {
        #expect(!OriginPolicy.allowsCredentials(to: try #require(URL(string: text))))
    }
}
