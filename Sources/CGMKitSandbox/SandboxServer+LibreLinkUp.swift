@_spi(AdapterSupport) import CGMKit

/// LibreLinkUp, simulated (fact sheet `librelinkup.md` §1): what the real client sends
/// is checked as Abbott checks it, so `cgm demo --provider librelinkup` exercises the
/// client's headers, token and `Account-Id` offline.
extension SandboxServer {
    /// The lowest `version` header the simulated server serves data to (Abbott's floor
    /// since 8 Oct 2025); older versions get status 920 on data calls.
    public static let libreLinkUpMinimumVersion = [4, 16, 0]

    /// The e-mail address a simulated user's LibreLinkUp follower logs in with.
    public static func libreLinkUpEmail(for user: SandboxUser) -> String {
        "\(user.name)@sandbox.cgmkit.invalid"
    }

    func libreLinkUp(_ request: HTTPRequest, path: String) -> HTTPResponse {
        guard request.headerFields["product"] != nil, let version = request.headerFields["version"] else {
            return Self.json(400, #"{"message":"RequiredHeaderMissing"}"#)
        }
        if path == "/llu/auth/login" { return libreLogin(request) }
        guard let authorization = request.headerFields["Authorization"], authorization.hasPrefix("Bearer "),
            libreTokens.contains(String(authorization.dropFirst("Bearer ".count)))
        else {
            return Self.json(401, #"{"message":"invalid or expired jwt"}"#)
        }
        guard request.headerFields["Account-Id"] == SHA256.hexDigest(payloads.libreFollowerID) else {
            return Self.json(400, #"{"message":"RequiredHeaderMissing"}"#)
        }
        guard Self.isAtLeastMinimum(version) else {
            return Self.json(403, #"{"data":{"minimumVersion":"4.16.0"},"status":920}"#)
        }
        let patient = "/llu/connections/" + payloads.librePatientID
        let body: [UInt8]
        switch path {
        case "/llu/connections": body = payloads.libreConnections(now: servingNow)
        case patient + "/graph": body = payloads.libreGraph(now: servingNow)
        case patient + "/logbook": body = payloads.libreLogbook(now: servingNow)
        default:
            guard path.hasPrefix("/llu/connections/") else { return Self.json(404, "") }
            return Self.json(200, #"{"error":{"message":"couldNotLoadPatient"},"status":4}"#)
        }
        return HTTPResponse(statusCode: 200, headerFields: Self.jsonHeaders, body: body)
    }

    private func libreLogin(_ request: HTTPRequest) -> HTTPResponse {
        let body = (try? JSONReader().read(request.body))?.objectValue
        guard body?["email"]?.stringValue == Self.libreLinkUpEmail(for: user),
            body?["password"]?.stringValue == Self.password
        else {
            return Self.json(200, #"{"status":2,"error":{"message":"notAuthenticated"}}"#)
        }
        var random = SandboxRandom(seed: user.seed ^ next() &* 0x5851_F42D)
        let token = "sandbox-llu-" + random.hex(bytes: 16)
        libreTokens.insert(token)
        let expires = servingNow.secondsSince1970 + 15_552_000
        return Self.json(
            200,
            #"{"status":0,"data":{"user":{"id":"\#(payloads.libreFollowerID)","country":"DE","uom":"0"},"authTicket":{"token":"\#(token)","expires":\#(expires),"duration":15552000000},"invitations":null}}"#
        )
    }

    /// Whether a `version` header is at least ``libreLinkUpMinimumVersion``.
    static func isAtLeastMinimum(_ version: String) -> Bool {
        let parts = version.split(separator: ".").map { Int($0) ?? -1 }
        for (index, minimum) in libreLinkUpMinimumVersion.enumerated() {
            let part = index < parts.count ? parts[index] : 0
            if part != minimum { return part > minimum }
        }
        return true
    }
}
