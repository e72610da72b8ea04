import CGMKit
import CGMKitDexcom
import Foundation

/// A scripted Dexcom Share server behind an ``HTTPTransport``: counts calls per
/// endpoint and answers each with a closure the test sets.
actor ShareTestServer: HTTPTransport {
    typealias Handler = @Sendable (_ request: HTTPRequest, _ call: Int) -> HTTPResponse

    private(set) var authenticateCalls = 0
    private(set) var loginCalls = 0
    private(set) var readCalls = 0
    private(set) var hosts: Set<String> = []
    private(set) var loginBodies: [[UInt8]] = []
    private(set) var readRequests: [HTTPRequest] = []
    private var authenticate: Handler
    private var login: Handler
    private var read: Handler
    private var loginDelayNanoseconds: UInt64 = 0

    static let accountID = "99999999-9999-9999-9999-999999999999"
    static let sessionID = "55555555-5555-5555-5555-555555555555"
    static let reading =
        #"[{"WT":"Date(1745081013817)","ST":"Date(1745081013817)","DT":"Date(1745081013817-0400)","Value":224,"Trend":"Flat"}]"#

    init() {
        authenticate = { _, _ in .json(200, "\"\(ShareTestServer.accountID)\"") }
        login = { _, _ in .json(200, "\"\(ShareTestServer.sessionID)\"") }
        read = { _, _ in .json(200, ShareTestServer.reading) }
    }

    func onAuthenticate(_ handler: @escaping Handler) { authenticate = handler }
    func onLogin(_ handler: @escaping Handler) { login = handler }
    func onRead(_ handler: @escaping Handler) { read = handler }
    func delayLogins(nanoseconds: UInt64) { loginDelayNanoseconds = nanoseconds }

    var totalLoginCalls: Int { authenticateCalls + loginCalls }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        hosts.insert(request.url.host ?? "")
        switch request.url.lastPathComponent {
        case "AuthenticatePublisherAccount":
            authenticateCalls += 1
            let call = authenticateCalls
            if loginDelayNanoseconds > 0 { try await Task.sleep(nanoseconds: loginDelayNanoseconds) }
            return authenticate(request, call)
        case "LoginPublisherAccountById":
            loginCalls += 1
            loginBodies.append(request.body)
            let call = loginCalls
            if loginDelayNanoseconds > 0 { try await Task.sleep(nanoseconds: loginDelayNanoseconds) }
            return login(request, call)
        case "ReadPublisherLatestGlucoseValues":
            readCalls += 1
            readRequests.append(request)
            return read(request, readCalls)
        default:
            return .json(404, "")
        }
    }

    /// A Share fault body with `code` and a message that echoes `echo` (as Share does with session ids).
    static func fault(_ code: String, message: String = "Publisher account password failed") -> HTTPResponse {
        .json(
            500,
            #"{"Code":"\#(code)","Message":"\#(message)","SubCode":"<OnlineException Message=\"\#(message)\" />","TypeName":"FaultException"}"#
        )
    }

    /// The session id a read request carries.
    static func session(of request: HTTPRequest) -> String? {
        URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == "sessionId" }?
            .value
    }
}

extension HTTPResponse {
    static func json(_ status: Int, _ body: String) -> HTTPResponse {
        HTTPResponse(statusCode: status, headerFields: ["Content-Type": "application/json"], body: Array(body.utf8))
    }
}
