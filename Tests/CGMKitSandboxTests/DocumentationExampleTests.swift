import CGMKit
import CGMKitDexcom
import CGMKitSandbox
import Testing

/// The code in the DocC articles, run as written, so the documentation cannot drift from
/// the API (CGMKit.docc/GettingStarted.md, CGMKitDexcom.docc/CGMKitDexcom.md).
@Suite("Documentation examples")
struct DocumentationExampleTests {
    @Test("CGMKitDexcom: each client against the sandbox")
    func sandboxClients() async throws {
        let server = SandboxServer(user: .g7, days: 14)

        let app = DexcomV3AppCredentials(
            clientID: SandboxServer.clientID, clientSecret: SandboxServer.clientSecret,
            redirectURI: SandboxServer.redirectURI)
        let v3 = DexcomV3Client(
            environment: .sandbox, app: app, tokenStore: InMemoryDexcomV3TokenStore(),
            transport: server)
        let pending = try v3.beginAuthorization()
        try await v3.completeAuthorization(callback: try await server.approve(pending.url), pending: pending)
        let result = await v3.fetch(from: server.now.adding(milliseconds: -14 * 86_400_000), to: server.now)

        let share = DexcomShareClient(
            region: .us,
            credentials: DexcomShareCredentials(accountName: "g7", password: SandboxServer.password),
            transport: server)
        let latest = try await share.latestReadings()

        #expect(result.isComplete)
        #expect(result.batch.readings.count > 13 * 288)
        #expect(!latest.readings.isEmpty && latest.readings.count <= 288)
    }

    @Test("GettingStarted: a reading in ten lines")
    func gettingStarted() throws {
        let responseBody = SandboxServer(user: .mmol, days: 1).payloads.egvs(
            from: SandboxServer.defaultNow.adding(milliseconds: -86_400_000), to: SandboxServer.defaultNow,
            now: SandboxServer.defaultNow)
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let batch = try DexcomV3Normalizer().normalize(responseBody)
        for reading in batch.readings {
            let value = reading.glucose?.displayValue(in: .millimolesPerLiter)
            print(reading.time.rfc3339, reading.status, value ?? .nan, reading.trend.arrow)
        }
        for issue in batch.issues { print("record \(issue.index ?? -1): \(issue.code)") }
        let json = BatchEncoder().encode(batch)

        #expect(printed.count == batch.readings.count + batch.issues.count)
        #expect(printed.first?.hasPrefix(batch.readings.first?.time.instant.rfc3339 ?? "-") == true)
        #expect(!json.isEmpty)
    }
}
