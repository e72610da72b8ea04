@_spi(AdapterSupport) import CGMKit
import CGMKitLibre
import CGMKitTesting
import Foundation
import Testing

extension LoopbackTests {
    @Test("LibreLinkUp: a redirect followed once, the headers on the wire, an HTML 503 retried, then the graph")
    func libreLinkUp() async throws {
        try await server.load("librelinkup-redirect-graph")
        let region = try LibreLinkUpRegion(name: "eu", origin: server.origin)
        let client = LibreLinkUpClient(
            region: region,
            credentials: LibreLinkUpCredentials(email: "loopback@example.org", password: "loopback-password"),
            transport: server.transport, sleeper: RecordingSleeper(),
            configuration: .init(retryPolicy: RetryPolicy(baseDelayMilliseconds: 10)))
        let batch = try await client.graph()
        #expect(batch.readings.count == 2)
        #expect(batch.readings.last?.trend == .fortyFiveUp)
        #expect(await client.region.name == "eu2")

        let received = try await server.received()
        let patient = "5f1e2d3c-7777-4a2b-9c3d-aabbccddeeff"
        #expect(
            received.map(\.path) == [
                "/llu/auth/login", "/llu/auth/login", "/llu/connections", "/llu/connections/\(patient)/graph",
                "/llu/connections/\(patient)/graph",
            ])
        for request in received {
            #expect(request.headers["product"] == "llu.ios")
            #expect(request.headers["version"] == LibreLinkUpClient.defaultVersion)
        }
        #expect(received[0].method == "POST" && received[0].body.contains("loopback@example.org"))
        for data in received.dropFirst(2) {
            #expect(data.headers["authorization"] == "Bearer loopback-llu-token")
            #expect(data.headers["account-id"] == SHA256.hexDigest("0b9c2f7e-1111-4a2b-9c3d-5e6f7a8b9c0d"))
        }
    }
}
