import CGMKit
import CGMKitDexcom
import CGMKitTesting
import Foundation
import Testing

/// Reliability cases B19–B28 of `shared/reference/reliability.md`, against a scripted
/// server that counts every call.
@Suite("Dexcom Share lockout safety (B19–B28)")
struct ShareReliabilityTests {
    private func client(
        _ server: ShareTestServer, region: DexcomShareRegion = .us, clock: ManualClock = ManualClock(),
        sink: CapturingLogSink? = nil, sessionID: String? = nil,
        credentials: DexcomShareCredentials = DexcomShareCredentials(accountName: "jane", password: "secret")
    )
        -> DexcomShareClient
    {
        DexcomShareClient(
            region: region, credentials: credentials, transport: server, clock: clock,
            sleeper: RecordingSleeper(), configuration: .init(lockoutCoolDownSeconds: 600), logSink: sink,
            sessionID: sessionID)
    }

    /// The code of the `CGMError` the operation threw; `nil` only when it succeeded.
    /// Anything else thrown is a defect (the client promises `CGMError`) and fails the test.
    private func code(_ operation: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation)
        async -> CGMError.Code?
    {
        do {
            try await operation()
            return nil
        } catch let error as CGMError {
            return error.code
        } catch {
            Issue.record("threw \(type(of: error)), not a CGMError", sourceLocation: sourceLocation)
            return nil
        }
    }

    @Test(
        "B19/B20/B22: a credential error latches; the next 100 fetches make 0 logins",
        arguments: [
            ("AccountPasswordInvalid", "Publisher account password failed"),
            ("SSO_AuthenticatePasswordInvalid", "x"),
            ("SSO_AuthenticateAccountNotFound", "x"),
            ("SSO_InternalError", "Synchronization failed. Cannot Authenticate by AccountName='jane'"),
            ("SSO_InternalError", "Cannot Authenticate by AccountId='9999'"),
            ("InvalidArgument", "Cannot deserialize value of type java.util.UUID"),
            ("SSO_Future_Unknown", "x"),
        ])
    func credentialErrorLatches(code vendorCode: String, message: String) async throws {
        let server = ShareTestServer()
        await server.onAuthenticate { _, _ in ShareTestServer.fault(vendorCode, message: message) }
        let client = client(server)
        let first = await code { _ = try await client.latestReadings() }
        #expect(first == .credentialsRejected)
        #expect(await server.totalLoginCalls == 1)
        for _ in 0..<100 {
            #expect(await code { _ = try await client.latestReadings() } == .credentialsRejected)
        }
        #expect(await server.totalLoginCalls == 1)
        #expect(await server.readCalls == 0)
    }

    @Test("B20: a credential error on LoginPublisherAccountById latches too")
    func loginByIdErrorLatches() async {
        let server = ShareTestServer()
        await server.onLogin { _, _ in ShareTestServer.fault("AccountPasswordInvalid") }
        let client = client(
            server, credentials: DexcomShareCredentials(accountID: ShareTestServer.accountID, password: "x"))
        for _ in 0..<10 { _ = await code { try await client.signIn() } }
        #expect(await server.loginCalls == 1)
        #expect(await server.authenticateCalls == 0)
    }

    @Test("SSO_InternalError without a credential message is transient: no latch")
    func transientSSOError() async {
        let server = ShareTestServer()
        await server.onAuthenticate { _, call in
            call == 1
                ? ShareTestServer.fault("SSO_InternalError", message: "Time out issue")
                : .json(200, "\"\(ShareTestServer.accountID)\"")
        }
        let client = client(server)
        #expect(await code { _ = try await client.latestReadings() } == .serverUnavailable)
        #expect(await code { _ = try await client.latestReadings() } == nil)
        #expect(await server.authenticateCalls == 2)
    }

    @Test(
        "B21: too many attempts (both spellings) locks logins for the cool-down, even with the same password again",
        arguments: ["SSO_AuthenticateMaxAttemptsExceeed", "SSO_AuthenticateMaxAttemptsExceeded"])
    func lockoutCoolDown(vendorCode: String) async {
        let server = ShareTestServer()
        await server.onAuthenticate { _, call in
            call == 1 ? ShareTestServer.fault(vendorCode, message: "x") : .json(200, "\"\(ShareTestServer.accountID)\"")
        }
        let clock = ManualClock()
        let client = client(server, clock: clock)
        #expect(await code { try await client.signIn() } == .accountLocked)
        await client.updateCredentials(DexcomShareCredentials(accountName: "jane", password: "secret"))
        for _ in 0..<20 { #expect(await code { try await client.signIn() } == .accountLocked) }
        clock.advance(seconds: 599)
        #expect(await code { try await client.signIn() } == .accountLocked)
        #expect(await server.totalLoginCalls == 1)
        clock.advance(seconds: 2)
        #expect(await code { try await client.signIn() } == nil)
        #expect(await server.authenticateCalls == 2)
    }

    @Test("B21: after the cool-down, logins stay refused until new credentials arrive")
    func lockoutNeedsNewCredentials() async {
        let server = ShareTestServer()
        await server.onAuthenticate { _, _ in ShareTestServer.fault("SSO_AuthenticateMaxAttemptsExceeed", message: "x")
        }
        let clock = ManualClock()
        let client = client(server, clock: clock)
        _ = await code { try await client.signIn() }
        clock.advance(seconds: 3600)
        #expect(await code { try await client.signIn() } == .accountLocked)
        #expect(await server.totalLoginCalls == 1)
    }

    @Test("B23: a session error re-logs in once; a second one right after is a typed error")
    func sessionErrorRenewsOnce() async {
        let server = ShareTestServer()
        await server.onRead { _, _ in
            ShareTestServer.fault("SessionNotValid", message: "Session not active or timed out.")
        }
        let client = client(server, sessionID: "11111111-1111-1111-1111-111111111111")
        #expect(await code { _ = try await client.latestReadings() } == .sessionRejected)
        #expect(await server.readCalls == 2)
        #expect(await server.totalLoginCalls == 2)  // authenticate + login by id, once
    }

    @Test("a re-login after a session error uses the cached account id only")
    func renewalUsesCachedAccountID() async throws {
        let server = ShareTestServer()
        await server.onRead { request, _ in
            ShareTestServer.session(of: request) == ShareTestServer.sessionID
                ? .json(200, ShareTestServer.reading) : ShareTestServer.fault("SessionIdNotFound", message: "x")
        }
        let client = client(server)
        _ = try await client.latestReadings()
        #expect(await client.cachedAccountID == ShareTestServer.accountID)
        #expect(await server.authenticateCalls == 1)
        #expect(await server.loginCalls == 1)
        _ = try await client.latestReadings()
        #expect(await server.totalLoginCalls == 2)  // the session is reused
    }

    @Test("new credentials for the same account keep the cached account id; another account drops it")
    func updateCredentialsKeepsAccountIDForSameAccount() async throws {
        let server = ShareTestServer()
        let client = client(server)
        try await client.signIn()
        await client.updateCredentials(DexcomShareCredentials(accountName: "jane", password: "new"))
        #expect(await client.cachedAccountID == ShareTestServer.accountID)
        try await client.signIn()
        #expect(await server.authenticateCalls == 1)
        #expect(await server.loginCalls == 2)
        await client.updateCredentials(DexcomShareCredentials(accountName: "john", password: "x"))
        #expect(await client.cachedAccountID == nil)
        try await client.signIn()
        #expect(await server.authenticateCalls == 2)
    }

    @Test(
        "B24: an HTML 503, a 502 and an empty 200 on the read make 0 logins",
        arguments: [
            (503, "<html><body>Cloudflare: service unavailable</body></html>", CGMError.Code.serverUnavailable),
            (502, "", .serverUnavailable),
            (200, "", .unexpectedResponse),
            (429, "", .rateLimited),
        ])
    func serverFailuresNeverLogIn(status: Int, body: String, expected: CGMError.Code) async {
        let server = ShareTestServer()
        await server.onRead { _, _ in HTTPResponse(statusCode: status, body: Array(body.utf8)) }
        let client = client(server, sessionID: ShareTestServer.sessionID)
        for _ in 0..<5 { #expect(await code { _ = try await client.latestReadings() } == expected) }
        #expect(await server.totalLoginCalls == 0)
    }

    @Test(
        "B25: a login answered with the all-zero id, an empty or non-UUID body fails without a retry",
        arguments: [
            ("\"00000000-0000-0000-0000-000000000000\"", CGMError.Code.credentialsRejected),
            ("\"\"", .unexpectedResponse),
            ("null", .unexpectedResponse),
            ("42", .unexpectedResponse),
            ("<html>login</html>", .unexpectedResponse),
            ("\"not-a-uuid\"", .unexpectedResponse),
        ])
    func invalidLoginResponses(body: String, expected: CGMError.Code) async {
        let server = ShareTestServer()
        await server.onLogin { _, _ in .json(200, body) }
        let client = client(server)
        #expect(await code { try await client.signIn() } == expected)
        #expect(await server.loginCalls == 1)
        #expect(await server.readCalls == 0)
    }

    @Test("B26: 100 concurrent reads with an expired session cause exactly 1 re-login")
    func concurrentReadsShareOneRenewal() async throws {
        let server = ShareTestServer()
        await server.delayLogins(nanoseconds: 20_000_000)
        await server.onRead { request, _ in
            ShareTestServer.session(of: request) == ShareTestServer.sessionID
                ? .json(200, ShareTestServer.reading) : ShareTestServer.fault("SessionNotValid", message: "x")
        }
        let client = client(
            server, sessionID: "11111111-1111-1111-1111-111111111111",
            credentials: DexcomShareCredentials(accountID: ShareTestServer.accountID, password: "x"))
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<100 {
                group.addTask { try await client.latestReadings(minutes: 10, maxCount: 2).readings.count }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts == Array(repeating: 1, count: 100))
        #expect(await server.loginCalls == 1)
        #expect(await server.authenticateCalls == 0)
    }

    @Test("concurrent first reads share one login")
    func concurrentFirstLogin() async throws {
        let server = ShareTestServer()
        await server.delayLogins(nanoseconds: 10_000_000)
        let client = client(server)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<50 { group.addTask { _ = try await client.latestReadings() } }
            try await group.waitForAll()
        }
        #expect(await server.authenticateCalls == 1)
        #expect(await server.loginCalls == 1)
        #expect(await server.readCalls == 50)
    }

    @Test("B27: a region mismatch is reported with a region hint, and no other region is tried")
    func regionMismatch() async {
        let server = ShareTestServer()
        await server.onAuthenticate { _, _ in ShareTestServer.fault("AccountPasswordInvalid") }
        let client = client(server, region: .ous)
        do {
            try await client.signIn()
            Issue.record("signed in")
        } catch let error as CGMError {
            #expect(error.message.contains("another region"))
        } catch {
            Issue.record("unexpected error type")
        }
        _ = await code { try await client.signIn() }
        #expect(await server.hosts == ["shareous1.dexcom.com"])
    }

    @Test("B28: a canary session id in the server's Message appears in no error, description or log event")
    func canarySessionIDNeverLeaks() async {
        let canary = "CAFEBABE-0000-4000-8000-CANARY000001"
        let sink = CapturingLogSink()
        let server = ShareTestServer()
        await server.onRead { _, _ in
            ShareTestServer.fault(
                "SessionIdNotFound", message: "Failed to find session object. [SessionId = \(canary)]")
        }
        await server.onLogin { _, _ in
            ShareTestServer.fault("AccountPasswordInvalid", message: "[SessionId = \(canary)]")
        }
        let client = client(
            server, sink: sink, sessionID: "11111111-1111-1111-1111-111111111111",
            credentials: DexcomShareCredentials(accountID: ShareTestServer.accountID, password: "CANARY-PASSWORD"))
        do {
            _ = try await client.latestReadings()
            Issue.record("read succeeded")
        } catch {
            var dumped = ""
            dump(error, to: &dumped)
            for text in ["\(error)", String(reflecting: error), dumped, error.localizedDescription] {
                #expect(!text.contains(canary))
                #expect(!text.contains("CANARY-PASSWORD"))
            }
        }
        #expect(!sink.events.isEmpty)
        for event in sink.events {
            var dumped = ""
            dump(event, to: &dumped)
            #expect(!dumped.contains(canary))
            #expect(!"\(event)".contains(canary))
        }
        let credentials = DexcomShareCredentials(accountName: "CANARY-NAME", password: "CANARY-PASSWORD")
        var dumped = ""
        dump(credentials, to: &dumped)
        #expect(!dumped.contains("CANARY") && !"\(credentials)".contains("CANARY"))
    }

    @Test(
        "minutes above 1440 or maxCount above 288 are refused before any request",
        arguments: [
            (1441, 288), (1440, 289), (-1, 10), (10, -1),
        ])
    func boundsAreEnforced(minutes: Int, maxCount: Int) async {
        let server = ShareTestServer()
        let client = client(server)
        #expect(
            await code { _ = try await client.latestReadings(minutes: minutes, maxCount: maxCount) } == .invalidArgument
        )
        #expect(await server.totalLoginCalls + server.readCalls == 0)
    }

    @Test("a password with quotes and backslashes is sent as valid JSON")
    func passwordIsEscaped() async throws {
        let server = ShareTestServer()
        let password = #"p"a\ss{w}0rd"#
        let client = client(
            server, credentials: DexcomShareCredentials(accountID: ShareTestServer.accountID, password: password))
        try await client.signIn()
        let body = try #require(await server.loginBodies.first)
        let object = try #require(try JSONReader().read(body).objectValue)
        #expect(object["password"]?.stringValue == password)
        #expect(object.keys == ["applicationId", "accountId", "password"])
    }

    @Test("a transport failure is typed and the login is not retried")
    func transportFailure() async {
        struct Down: Error {}
        let client = DexcomShareClient(
            region: .us, credentials: DexcomShareCredentials(accountName: "a", password: "b"),
            transport: ClosureTransport { _ in throw Down() })
        #expect(await code { try await client.signIn() } == .transportFailed)
    }

    @Test("the default configuration logs nothing; a sink receives typed events")
    func logging() async throws {
        let sink = CapturingLogSink()
        let client = client(ShareTestServer(), sink: sink)
        _ = try await client.latestReadings()
        #expect(sink.events.map(\.name) == [.loginStarted, .loginSucceeded, .requestStarted])
        #expect(sink.events.allSatisfy { $0.provider == .dexcomShare })
    }
}
