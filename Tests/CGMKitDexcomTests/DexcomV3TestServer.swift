import CGMKit
import CGMKitDexcom
import CGMKitTesting
import Foundation

/// A scripted Dexcom v3 server behind an ``HTTPTransport``: a token endpoint that
/// rotates refresh tokens, data endpoints that serve real-shaped EGV payloads for
/// the requested window, and per-endpoint overrides for faults. Counts everything.
actor DexcomV3TestServer: HTTPTransport {
    typealias Handler = @Sendable (_ request: HTTPRequest, _ call: Int) async throws -> HTTPResponse?

    /// Every token request's form fields, in order.
    private(set) var tokenRequests: [[String: String]] = []
    /// Every data request, in order.
    private(set) var dataRequests: [HTTPRequest] = []
    /// Hosts contacted.
    private(set) var hosts: [String] = []

    /// The code the login page "issued".
    var validCode = "code-1"
    private var usedCodes: Set<String> = []
    private var currentRefreshToken: String?
    private var validAccessTokens: Set<String> = []
    private var issued = 0

    /// Readings the account holds: (record id, system time, value).
    var readings: [(String, CGMInstant, Int)] = []
    private var tokenOverride: Handler?
    private var dataOverrides: [String: Handler] = [:]
    private var tokenGate: Gate?
    private var dropNextTokenResponse = false

    /// Installs tokens as if issued earlier: `access` is accepted, `refresh` is current.
    func install(access: String, refresh: String) {
        validAccessTokens.insert(access)
        currentRefreshToken = refresh
    }

    /// Makes every current access token invalid (as if expired server-side).
    func expireAccessTokens() { validAccessTokens.removeAll() }
    func setReadings(_ readings: [(String, CGMInstant, Int)]) { self.readings = readings }
    func overrideToken(_ handler: Handler?) { tokenOverride = handler }
    func overrideData(_ endpoint: DexcomV3Endpoint, _ handler: Handler?) { dataOverrides[endpoint.rawValue] = handler }
    func holdTokenResponses(at gate: Gate?) { tokenGate = gate }
    /// The next refresh rotates the token server-side, then the answer is lost.
    func loseNextTokenResponse() { dropNextTokenResponse = true }
    var refreshRequestCount: Int { tokenRequests.filter { $0["grant_type"] == "refresh_token" }.count }
    func dataRequests(for endpoint: DexcomV3Endpoint) -> [HTTPRequest] {
        dataRequests.filter { $0.url.lastPathComponent == endpoint.rawValue }
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        hosts.append(request.url.host ?? "")
        if request.url.path == "/v2/oauth2/token" {
            let form = Self.form(request.body)
            tokenRequests.append(form)
            let call = tokenRequests.count
            if let tokenGate { await tokenGate.wait() }
            if let tokenOverride, let response = try await tokenOverride(request, call) { return response }
            return try token(form)
        }
        let endpoint = request.url.lastPathComponent
        dataRequests.append(request)
        let call = dataRequests.filter { $0.url.lastPathComponent == endpoint }.count
        if let override = dataOverrides[endpoint], let response = try await override(request, call) { return response }
        let bearer = request.headerFields["Authorization"] ?? ""
        guard bearer.hasPrefix("Bearer "), validAccessTokens.contains(String(bearer.dropFirst(7))) else {
            return .json(401, #"{"fault":"invalid token"}"#)
        }
        switch endpoint {
        case "dataRange": return .json(200, dataRangeBody())
        case "devices": return .json(200, #"{"recordType":"device","recordVersion":"3.0","userId":"u","records":[]}"#)
        case "egvs": return .json(200, egvsBody(Self.window(of: request)))
        default:
            return .json(
                200, #"{"recordType":"\#(endpoint.dropLast())","recordVersion":"3.0","userId":"u","records":[]}"#)
        }
    }

    private func token(_ form: [String: String]) throws -> HTTPResponse {
        switch form["grant_type"] {
        case "authorization_code":
            guard let code = form["code"], code == validCode, usedCodes.insert(code).inserted else {
                return .json(400, #"{"error":"invalid_grant"}"#)
            }
        case "refresh_token":
            guard let refresh = form["refresh_token"], refresh == currentRefreshToken else {
                return .json(400, #"{"error":"invalid_grant","error_description":"Token is not active"}"#)
            }
        default:
            return .json(400, #"{"error":"unsupported_grant_type"}"#)
        }
        issued += 1
        let access = "access-\(issued)"
        let refresh = "refresh-\(issued)"
        validAccessTokens.insert(access)
        currentRefreshToken = refresh
        if dropNextTokenResponse {
            dropNextTokenResponse = false
            throw URLError(.timedOut)
        }
        return .json(
            200,
            #"{"access_token":"\#(access)","expires_in":7200,"token_type":"Bearer","refresh_token":"\#(refresh)","refresh_expires_in":0,"not-before-policy":"1726871301,","session_state":"65a415bf-25ad-4e0a-8381-1b78db6a8ea7"}"#
        )
    }

    private func dataRangeBody() -> String {
        guard let first = readings.map(\.1).min(), let last = readings.map(\.1).max() else {
            return #"{"recordType":"dataRange","recordVersion":"3.0","userId":"u"}"#
        }
        let span =
            #"{"start":{"systemTime":"\#(first.rfc3339)","displayTime":"\#(first.rfc3339)"},"end":{"systemTime":"\#(last.rfc3339)","displayTime":"\#(last.rfc3339)"}}"#
        return
            #"{"recordType":"dataRange","recordVersion":"3.0","userId":"u","egvs":\#(span),"calibrations":null,"events":null}"#
    }

    private func egvsBody(_ window: (CGMInstant, CGMInstant)?) -> String {
        let chosen = readings.filter { reading in window.map { reading.1 >= $0.0 && reading.1 < $0.1 } ?? true }
        let records = chosen.map { id, time, value in
            #"{"recordId":"\#(id)","systemTime":"\#(time.rfc3339)","displayTime":"\#(time.rfc3339)","transmitterId":"t","transmitterTicks":1,"value":\#(value),"status":null,"trend":"flat","trendRate":0.1,"unit":"mg/dL","rateUnit":"mg/dL/min","displayDevice":"iOS","transmitterGeneration":"g7","displayApp":"G7"}"#
        }
        return
            #"{"recordType":"egv","recordVersion":"3.0","userId":"u","records":[\#(records.joined(separator: ","))]}"#
    }

    /// The `[startDate, endDate)` of a data request.
    static func window(of request: HTTPRequest) -> (CGMInstant, CGMInstant)? {
        let items = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        guard let start = items.first(where: { $0.name == "startDate" })?.value.flatMap(ISO8601Timestamp.init),
            let end = items.first(where: { $0.name == "endDate" })?.value.flatMap(ISO8601Timestamp.init)
        else { return nil }
        return (start.instantAssumingUTC, end.instantAssumingUTC)
    }

    /// A form body's fields.
    static func form(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            fields[String(parts[0]).removingPercentEncoding ?? ""] = String(parts[1]).removingPercentEncoding ?? ""
        }
        return fields
    }
}

/// A one-shot gate: tasks wait until a test opens it.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private(set) var arrivals = 0

    func wait() async {
        arrivals += 1
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }
}

/// Helpers to build a client against the test server.
enum V3 {
    static let app = DexcomV3AppCredentials(
        clientID: "client-id", clientSecret: "client+secret&=",
        redirectURI: "https://app.example/dexcom/callback")
    static let start = CGMInstant(millisecondsSince1970: 1_735_689_600_000)  // 2025-01-01T00:00:00Z

    static func tokens(
        access: String = "access-0", refresh: String? = "refresh-0", issuedAt: CGMInstant = start,
        lifetimeSeconds: Int64 = 7200
    ) -> DexcomV3Tokens {
        DexcomV3Tokens(
            accessToken: access, refreshToken: refresh, issuedAt: issuedAt,
            expiresAt: issuedAt.adding(milliseconds: lifetimeSeconds * 1000))
    }

    static func client(
        _ server: DexcomV3TestServer, store: any DexcomV3TokenStore, clock: ManualClock,
        sleeper: RecordingSleeper = RecordingSleeper(), random: any CGMRandomSource = SeededRandomSource(seed: 7),
        configuration: DexcomV3Client.Configuration = .init(), sink: CapturingLogSink? = nil
    ) -> DexcomV3Client {
        DexcomV3Client(
            environment: .sandbox, app: app, tokenStore: store, transport: server, clock: clock,
            sleeper: sleeper, random: random, configuration: configuration, logSink: sink)
    }

    /// A reading every 5 minutes from `start` for `days`.
    static func readings(days: Int, from start: CGMInstant = start) -> [(String, CGMInstant, Int)] {
        (0..<(days * 288)).map { index in
            ("egv-\(index)", start.adding(milliseconds: Int64(index) * 300_000), 80 + index % 120)
        }
    }

    /// The error code an operation throws, or `nil` when it succeeds.
    static func code(_ operation: () async throws -> Void) async -> CGMError.Code? {
        do {
            try await operation()
            return nil
        } catch let error as CGMError {
            return error.code
        } catch {
            return .cancelled
        }
    }
}
