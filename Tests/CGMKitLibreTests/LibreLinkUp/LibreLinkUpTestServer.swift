@_spi(AdapterSupport) import CGMKit
import Foundation

/// A scripted LibreLinkUp server behind an `HTTPTransport`: counts calls per endpoint,
/// remembers requests, and answers each with a closure the test sets.
actor LibreLinkUpTestServer: HTTPTransport {
    typealias Handler = @Sendable (_ request: HTTPRequest, _ call: Int) -> HTTPResponse

    private(set) var loginCalls = 0
    private(set) var connectionsCalls = 0
    private(set) var graphCalls = 0
    private(set) var logbookCalls = 0
    private(set) var requests: [HTTPRequest] = []
    private var login: Handler
    private var connections: Handler
    private var graph: Handler
    private var logbook: Handler
    private var loginDelayNanoseconds: UInt64 = 0
    private var connectionsDelayNanoseconds: UInt64 = 0

    static let userID = "7ad66b40-0000-4c1d-9e2f-4f49f998cf16"
    static let patientID = "5f1e2d3c-7777-4a2b-9c3d-aabbccddeeff"
    static let token = "eyJhbGciOiJIUzI1NiJ9.TOKENCANARY.sig"
    /// 2026-01-01T00:00:00Z + 180 days, in epoch seconds.
    static let expires: Int64 = 1_782_864_000

    static let loginOK = HTTPResponse.json(
        200,
        #"{"status":0,"data":{"user":{"id":"\#(userID)","firstName":"CanaryFirst","email":"canary@example.org"},"authTicket":{"token":"\#(token)","expires":\#(expires),"duration":15552000000}}}"#
    )
    static let connectionsOK = HTTPResponse.json(
        200, #"{"status":0,"data":[{"id":"c1","patientId":"\#(patientID)","firstName":"CanaryFirst"}]}"#)
    static let graphOK = HTTPResponse.json(
        200,
        #"{"status":0,"data":{"connection":{"glucoseMeasurement":{"FactoryTimestamp":"1/1/2026 11:50:00 AM","Timestamp":"1/1/2026 12:50:00 PM","ValueInMgPerDl":142,"TrendArrow":3}},"graphData":[{"FactoryTimestamp":"1/1/2026 11:30:00 AM","Timestamp":"1/1/2026 12:30:00 PM","ValueInMgPerDl":140}]}}"#
    )

    init() {
        login = { _, _ in LibreLinkUpTestServer.loginOK }
        connections = { _, _ in LibreLinkUpTestServer.connectionsOK }
        graph = { _, _ in LibreLinkUpTestServer.graphOK }
        logbook = { _, _ in .json(200, #"{"status":0,"data":[]}"#) }
    }

    func onLogin(_ handler: @escaping Handler) { login = handler }
    func onConnections(_ handler: @escaping Handler) { connections = handler }
    func onGraph(_ handler: @escaping Handler) { graph = handler }
    func delayLogins(nanoseconds: UInt64) { loginDelayNanoseconds = nanoseconds }
    func delayConnections(nanoseconds: UInt64) { connectionsDelayNanoseconds = nanoseconds }

    /// The passwords sent by the logins, in order (read from the JSON body).
    var loginPasswords: [String] {
        requests.filter { $0.url.path == "/llu/auth/login" }.compactMap {
            (try? JSONReader().read($0.body))?.objectValue?["password"]?.stringValue
        }
    }

    var loginHosts: [String] {
        requests.filter { $0.url.path == "/llu/auth/login" }.map { $0.url.host ?? "" }
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        requests.append(request)
        let path = request.url.path
        if path == "/llu/auth/login" {
            loginCalls += 1
            let call = loginCalls
            if loginDelayNanoseconds > 0 { try await Task.sleep(nanoseconds: loginDelayNanoseconds) }
            return login(request, call)
        }
        if path == "/llu/connections" {
            connectionsCalls += 1
            let call = connectionsCalls
            if connectionsDelayNanoseconds > 0 { try await Task.sleep(nanoseconds: connectionsDelayNanoseconds) }
            return connections(request, call)
        }
        if path.hasSuffix("/graph") {
            graphCalls += 1
            return graph(request, graphCalls)
        }
        if path.hasSuffix("/logbook") {
            logbookCalls += 1
            return logbook(request, logbookCalls)
        }
        return .json(404, "")
    }
}

extension HTTPResponse {
    static func json(_ status: Int, _ body: String) -> HTTPResponse {
        HTTPResponse(statusCode: status, headerFields: ["Content-Type": "application/json"], body: Array(body.utf8))
    }
}
