@_spi(AdapterSupport) import CGMKit
import CGMKitLibre
import CGMKitTesting
import Foundation
import Testing

/// The client's rules that a host-app adoption test found broken (LibreLinkUp.md, "The
/// client's rules" and "Lockout rules"), each with exact request counts.
@Suite("LibreLinkUp client: host-app findings")
struct LibreLinkUpClientFindingsTests {
    typealias Base = LibreLinkUpClientTests
    static let rejected = HTTPResponse.json(200, #"{"status":2,"error":{"message":"notAuthenticated"}}"#)
    static let newCredentials = LibreLinkUpCredentials(email: "canary@example.org", password: "NEW-PASSWORD")

    /// Answers status 2 to `Base.credentials`' password and a session to any other.
    static func rejectingOldPassword(_ server: LibreLinkUpTestServer) async {
        await server.onLogin { request, _ in
            let body = String(decoding: request.body, as: UTF8.self)
            return body.contains("PASSWORD-CANARY") ? rejected : LibreLinkUpTestServer.loginOK
        }
    }

    @Test("a rejection is about the credentials sent: an update made during that login survives it")
    func updateDuringLogin() async throws {
        let server = LibreLinkUpTestServer()
        await server.delayLogins(nanoseconds: 500_000_000)
        await Self.rejectingOldPassword(server)
        let store = InMemoryLibreLinkUpLoginStateStore()
        let client = Base.client(server, store: store)
        let first = Task { try await client.graph() }
        while await server.loginCalls == 0 { try await Task.sleep(nanoseconds: 1_000_000) }  // the login is in flight
        await client.updateCredentials(Self.newCredentials)
        _ = await Base.expectError(.credentialsRejected) { _ = try await first.value }
        #expect(await server.loginCalls == 1)
        // The store recorded the sent (old) credentials: another client holding them is refused…
        _ = await Base.expectError(.credentialsRejected) { try await Base.client(server, store: store).signIn() }
        #expect(await server.loginCalls == 1)
        // … and the new credentials are tried at the next call.
        _ = try await client.graph()
        #expect(await server.loginCalls == 2)
        #expect(await server.loginPasswords == ["PASSWORD-CANARY", "NEW-PASSWORD"])
        // Another client with the new credentials is not refused either.
        try await Base.client(server, store: store, credentials: Self.newCredentials).signIn()
        #expect(await server.loginCalls == 3)
    }

    @Test("a successful login lifts a stored rejection of other (stale) credentials")
    func staleRejectionLifted() async throws {
        let server = LibreLinkUpTestServer()
        await Self.rejectingOldPassword(server)
        let store = InMemoryLibreLinkUpLoginStateStore()
        let client = Base.client(server, store: store)
        _ = await Base.expectError(.credentialsRejected) { _ = try await client.graph() }
        #expect(await store.load()?.hasRejection == true)
        await client.updateCredentials(Self.newCredentials)
        _ = try await client.graph()
        #expect(await server.loginCalls == 2)
        #expect(await store.load()?.hasRejection == false)
        #expect(await store.load()?.rejectedAt == nil)
    }

    @Test("20 concurrent graph() calls: 1 login, 1 connections lookup, 20 graphs")
    func connectionsSingleFlight() async throws {
        let server = LibreLinkUpTestServer()
        await server.delayLogins(nanoseconds: 20_000_000)
        await server.delayConnections(nanoseconds: 50_000_000)
        let client = Base.client(server)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 { group.addTask { _ = try await client.graph() } }
            try await group.waitForAll()
        }
        #expect(await server.loginCalls == 1)
        #expect(await server.connectionsCalls == 1)
        #expect(await server.graphCalls == 20)
        #expect(await server.requests.count == 22)
    }

    @Test("patientNotFound forgets a patient the client found itself: the next call lists again")
    func patientNotFoundRelists() async throws {
        let server = LibreLinkUpTestServer()
        await server.onConnections { _, call in
            let id = call == 1 ? "0ld-patient" : LibreLinkUpTestServer.patientID
            return .json(200, #"{"status":0,"data":[{"patientId":"\#(id)"}]}"#)
        }
        await server.onGraph { request, _ in
            request.url.path.contains("0ld-patient")
                ? .json(200, #"{"error":{"message":"couldNotLoadPatient"},"status":4}"#) : LibreLinkUpTestServer.graphOK
        }
        let client = Base.client(server)
        let error = await Base.expectError(.unexpectedResponse) { _ = try await client.graph() }
        #expect(error?.libreLinkUpFailure == .patientNotFound)
        _ = try await client.graph()
        _ = try await client.graph()
        #expect(await server.connectionsCalls == 2)
        #expect(await server.graphCalls == 3)
        #expect(await server.loginCalls == 1)

        // A patient the host configured is kept: no listing, the same error again.
        let configured = LibreLinkUpTestServer()
        await configured.onGraph { _, _ in .json(200, #"{"error":{"message":"couldNotLoadPatient"},"status":4}"#) }
        let host = Base.client(configured, configuration: .init(patientID: "0ld-patient"))
        for _ in 0..<2 { _ = await Base.expectError(.unexpectedResponse) { _ = try await host.graph() } }
        #expect(await configured.connectionsCalls == 0)
        #expect(await configured.graphCalls == 2)
    }

    @Test(
        "a configured patientID must be path-safe: invalidArgument, no request",
        arguments: ["../../../auth/login", "a/b", "", "x?y=1", "a%2Fb", String(repeating: "a", count: 65)])
    func unsafeConfiguredPatient(id: String) async {
        let server = LibreLinkUpTestServer()
        let client = Base.client(server, configuration: .init(patientID: id))
        _ = await Base.expectError(.invalidArgument) { _ = try await client.graph() }
        _ = await Base.expectError(.invalidArgument) { _ = try await client.logbook() }
        #expect(await server.requests.isEmpty)
    }

    /// A transport whose every request is cancelled.
    struct CancellingTransport: HTTPTransport {
        func send(_ request: HTTPRequest) async throws -> HTTPResponse { throw CancellationError() }
    }

    @Test("cancellation is CGMError .cancelled: a cancelled transport, and a cancelled task")
    func cancellation() async throws {
        let client = LibreLinkUpClient(
            region: .eu, credentials: Base.credentials, transport: CancellingTransport(),
            clock: ManualClock(Base.start), sleeper: RecordingSleeper())
        _ = await Base.expectError(.cancelled) { try await client.signIn() }
        _ = await Base.expectError(.cancelled) { _ = try await client.graph() }

        let server = LibreLinkUpTestServer()
        await server.delayLogins(nanoseconds: 300_000_000)
        let reader = Base.client(server)
        let task = Task { try await reader.graph() }
        while await server.loginCalls == 0 { try await Task.sleep(nanoseconds: 1_000_000) }  // the login is in flight
        task.cancel()
        _ = await Base.expectError(.cancelled) { _ = try await task.value }
    }

    @Test("a 5xx that is not JSON at login is serverUnavailable, not retried; a non-JSON 403/430 stays notJSON")
    func loginServerError() async {
        for status in [500, 502, 503] {
            let server = LibreLinkUpTestServer()
            await server.onLogin { _, _ in HTTPResponse(statusCode: status) }
            let error = await Base.expectError(.serverUnavailable) { try await Base.client(server).signIn() }
            #expect(error?.httpStatus == status)
            #expect(error?.libreLinkUpFailure == nil)
            #expect(await server.loginCalls == 1)
        }
        for status in [403, 429, 430] {
            let server = LibreLinkUpTestServer()
            await server.onLogin { _, _ in HTTPResponse(statusCode: status) }
            let error = await Base.expectError(.transportFailed) { try await Base.client(server).signIn() }
            #expect(error?.libreLinkUpFailure == .notJSON(httpStatus: status))
            #expect(await server.loginCalls == 1)
        }
    }

    @Test(
        "a login answer whose expires is missing or already past: the token is used until a 401",
        arguments: [#","expires":1000"#, "", #","expires":"soon""#])
    func unusableExpiry(expires: String) async throws {
        let server = LibreLinkUpTestServer()
        await server.onLogin { _, _ in
            .json(
                200,
                #"{"status":0,"data":{"user":{"id":"\#(LibreLinkUpTestServer.userID)"},"authTicket":{"token":"\#(LibreLinkUpTestServer.token)"\#(expires)}}}"#
            )
        }
        let client = Base.client(server)
        for _ in 0..<3 { _ = try await client.graph() }
        #expect(await server.loginCalls == 1)
        #expect(await server.graphCalls == 3)
        await server.onGraph { _, call in
            call == 4 ? .json(401, #"{"message":"invalid or expired jwt"}"#) : LibreLinkUpTestServer.graphOK
        }
        _ = try await client.graph()
        #expect(await server.loginCalls == 2)
    }

    @Test("status 4 at login starts a cool-down: polls make no login until it ends or credentials change")
    func accountStepCoolDown() async throws {
        let server = LibreLinkUpTestServer()
        await server.onLogin { _, _ in
            .json(200, #"{"status":4,"data":{"step":{"type":"tou","componentName":"AcceptDocument"}}}"#)
        }
        let clock = ManualClock(Base.start)
        let client = Base.client(server, clock: clock)
        for _ in 0..<3 {
            let error = await Base.expectError(.authorizationDenied) { _ = try await client.graph() }
            #expect(error?.libreLinkUpFailure == .accountActionRequired(step: "tou"))
        }
        #expect(await server.loginCalls == 1)
        clock.advance(seconds: 3599)
        _ = await Base.expectError(.authorizationDenied) { try await client.signIn() }
        #expect(await server.loginCalls == 1)
        clock.advance(seconds: 1)
        _ = await Base.expectError(.authorizationDenied) { try await client.signIn() }
        #expect(await server.loginCalls == 2)
        // The user accepted the terms; the host hands the credentials over again.
        await server.onLogin { _, _ in LibreLinkUpTestServer.loginOK }
        await client.updateCredentials(Base.credentials)
        try await client.signIn()
        #expect(await server.loginCalls == 3)

        let short = LibreLinkUpTestServer()
        await short.onLogin { _, _ in .json(200, #"{"status":4,"data":{"step":{"type":"pp"}}}"#) }
        let polling = Base.client(short, clock: clock, configuration: .init(accountActionCoolDownSeconds: 60))
        _ = await Base.expectError(.authorizationDenied) { try await polling.signIn() }
        clock.advance(seconds: 60)
        _ = await Base.expectError(.authorizationDenied) { try await polling.signIn() }
        #expect(await short.loginCalls == 2)
    }

    @Test("the fingerprint ignores the e-mail's case; a state stored with the exact e-mail still matches")
    func emailCase() async throws {
        let server = LibreLinkUpTestServer()
        await server.onLogin { _, _ in Self.rejected }
        let store = InMemoryLibreLinkUpLoginStateStore()
        let upper = LibreLinkUpCredentials(email: "CANARY@Example.ORG", password: "PASSWORD-CANARY")
        _ = await Base.expectError(.credentialsRejected) {
            try await Base.client(server, store: store, credentials: upper).signIn()
        }
        _ = await Base.expectError(.credentialsRejected) { try await Base.client(server, store: store).signIn() }
        #expect(await server.loginCalls == 1)

        // A state written before the rule: the fingerprint of the e-mail as typed.
        var message = Array("cgmkit.librelinkup.rejected.v1".utf8)
        for part in ["00ff", "Mixed@Example.org", "PASSWORD-CANARY"] {
            message.append(0)
            message.append(contentsOf: Array(part.utf8))
        }
        let legacy =
            #"{"rejectionStatus":2,"rejectedCredentials":"00ff:\#(Hex.lowercase(SHA256.digest(message)))","rejectedAtMilliseconds":1}"#
        let state = try JSONDecoder().decode(LibreLinkUpLoginState.self, from: Data(legacy.utf8))
        let old = LibreLinkUpTestServer()
        let mixed = LibreLinkUpCredentials(email: "Mixed@Example.org", password: "PASSWORD-CANARY")
        let oldStore = InMemoryLibreLinkUpLoginStateStore(state)
        _ = await Base.expectError(.credentialsRejected) {
            try await Base.client(old, store: oldStore, credentials: mixed).signIn()
        }
        #expect(await old.loginCalls == 0)
    }

    /// A store that saves the login lease, then fails every later save.
    actor UnsavableStore: LibreLinkUpLoginStateStore {
        struct Failure: Error {}
        private var state: LibreLinkUpLoginState?
        private var saves = 0
        func load() -> LibreLinkUpLoginState? { state }
        func compareAndSwap(expected: LibreLinkUpLoginState?, new: LibreLinkUpLoginState) throws -> Bool {
            saves += 1
            guard saves == 1 else { throw Failure() }
            state = new
            return true
        }
    }

    @Test("a rejection the store cannot save: LibreLinkUp's code, the store failure as cause, a log event")
    func unsavedRejection() async {
        for (answer, code) in [
            (Self.rejected, CGMError.Code.credentialsRejected),
            (.json(200, #"{"status":429,"data":{"code":60,"data":{"lockout":300}}}"#), .accountLocked),
        ] {
            let server = LibreLinkUpTestServer()
            await server.onLogin { _, _ in answer }
            let log = CapturingLogSink()
            let store = UnsavableStore()
            let client = Base.client(server, store: store, logSink: log)
            let error = await Base.expectError(code) { try await client.signIn() }
            #expect((error?.cause as? CGMError)?.code == .tokenPersistenceFailed)
            #expect(log.events.contains { $0.name == .loginStateSaveFailed })
            // This client still holds the latch in memory; another client of the store
            // waits for the unreleased lease instead of logging in.
            _ = await Base.expectError(code) { try await client.signIn() }
            let other = await Base.expectError(.rateLimited) { try await Base.client(server, store: store).signIn() }
            #expect(other?.retryAfterSeconds == 60)
            #expect(await server.loginCalls == 1)
        }
    }

    @Test("3 clients of one store starting together with a wrong password: 1 login, the others wait")
    func fleetLease() async {
        let server = LibreLinkUpTestServer()
        await server.delayLogins(nanoseconds: 100_000_000)
        await server.onLogin { _, _ in Self.rejected }
        let store = InMemoryLibreLinkUpLoginStateStore()
        let clients = (0..<3).map { _ in Base.client(server, store: store) }
        let codes = await withTaskGroup(of: CGMError.Code?.self) { group in
            for client in clients {
                group.addTask {
                    do {
                        try await client.signIn()
                        return nil
                    } catch {
                        return (error as? CGMError)?.code
                    }
                }
            }
            return await group.reduce(into: [CGMError.Code?]()) { $0.append($1) }
        }
        #expect(await server.loginCalls == 1)
        #expect(codes.allSatisfy { $0 == .credentialsRejected || $0 == .rateLimited })
        #expect(codes.contains(.credentialsRejected))
        // The lease was released with the stored rejection: later calls are refused by it.
        #expect(await store.load()?.loginLeaseUntil == nil)
        for client in clients { _ = await Base.expectError(.credentialsRejected) { try await client.signIn() } }
        #expect(await server.loginCalls == 1)
    }

    @Test("a lease left by a client that died: others wait its remainder, then log in; old states decode")
    func staleLease() async throws {
        let server = LibreLinkUpTestServer()
        let clock = ManualClock(Base.start)
        let leaseEnd = Base.start.millisecondsSince1970 + 45_000
        let state = try JSONDecoder().decode(
            LibreLinkUpLoginState.self, from: Data(#"{"loginLeaseUntilMilliseconds":\#(leaseEnd)}"#.utf8))
        let store = InMemoryLibreLinkUpLoginStateStore(state)
        let client = Base.client(server, clock: clock, store: store)
        let error = await Base.expectError(.rateLimited) { try await client.signIn() }
        #expect(error?.retryAfterSeconds == 45)
        #expect(await server.loginCalls == 0)
        clock.advance(seconds: 45)
        try await client.signIn()
        #expect(await server.loginCalls == 1)
        #expect(await store.load()?.loginLeaseUntil == nil)
        // A state stored before the lease field existed decodes, without a lease.
        let old = try JSONDecoder().decode(LibreLinkUpLoginState.self, from: Data(#"{"rejectionStatus":2}"#.utf8))
        #expect(old.loginLeaseUntil == nil)
    }
}
