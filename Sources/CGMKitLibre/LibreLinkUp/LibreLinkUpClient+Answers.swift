@_spi(AdapterSupport) import CGMKit

/// How the client reads LibreLinkUp's answers (fact sheet `librelinkup.md` §1.3, §1.4,
/// §1.9–§1.12): the session of a login, the lockout seconds, and the errors of status 920,
/// status 4 and non-JSON pages. Nothing the body says is copied into a message.
extension LibreLinkUpClient {
    /// A patient id goes into a URL path: letters, digits and `-` only, at most 64.
    static func isPathSafe(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count)
            && id.utf8.allSatisfy {
                (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D
            }
    }

    /// The session of a login answer: `authTicket.token`, `authTicket.expires` (epoch
    /// seconds; `nil` when missing or out of range: the token is then used until a 401)
    /// and the SHA-256 of `user.id`.
    static func session(from data: JSONObject?) -> Session? {
        guard let ticket = data?["authTicket"]?.objectValue, let token = ticket["token"]?.stringValue,
            !token.isEmpty, let userID = data?["user"]?.objectValue?["id"]?.stringValue, !userID.isEmpty
        else { return nil }
        var expiry: CGMInstant?
        if let expires = ticket["expires"]?.numberValue?.doubleValue, expires.isFinite, expires > 0,
            expires < 253_402_300_800
        {
            expiry = CGMInstant(millisecondsSince1970: Int64(expires) * 1000)
        }
        return Session(token: token, expires: expiry, accountID: SHA256.hexDigest(userID))
    }

    /// `data.data.lockout` (the captured shape), else `data.lockout`, in seconds.
    static func lockoutSeconds(_ data: JSONObject?) -> Int? {
        let value = data?["data"]?.objectValue?["lockout"] ?? data?["lockout"]
        guard let seconds = value?.numberValue?.doubleValue, seconds.isFinite, seconds >= 0 else { return nil }
        return Int(min(seconds, 366 * 86_400))
    }

    static func versionRejected(_ document: JSONValue, httpStatus: Int) -> CGMError {
        let minimum = LibreLinkUpFailure.version(
            document.objectValue?["data"]?.objectValue?["minimumVersion"]?.stringValue)
        return CGMError(
            code: .unexpectedResponse,
            message:
                "LibreLinkUp refuses the app version the client sends (status 920); raise Configuration.version to the minimum version",
            cause: LibreLinkUpFailure.appVersionRejected(minimumVersion: minimum), vendorCode: "920",
            httpStatus: httpStatus)
    }

    static func accountAction(_ step: JSONObject, httpStatus: Int) -> CGMError {
        CGMError(
            code: .authorizationDenied,
            message:
                "the LibreLinkUp account must complete a step first (status 4): accept the terms or privacy policy, or verify the e-mail, in the LibreLink app",
            cause: LibreLinkUpFailure.accountActionRequired(step: LibreLinkUpFailure.step(step["type"]?.stringValue)),
            vendorCode: "4", httpStatus: httpStatus)
    }

    static func notJSON(_ response: HTTPResponse, during step: String) -> CGMError {
        CGMError(
            code: .transportFailed,
            message:
                "LibreLinkUp answered \(step) with a page that is not JSON (a Cloudflare block or rate limit); back off",
            cause: LibreLinkUpFailure.notJSON(httpStatus: response.statusCode), httpStatus: response.statusCode)
    }
}
