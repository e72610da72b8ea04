@_spi(AdapterSupport) import CGMKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Builds LibreLinkUp requests with the headers Abbott requires (fact sheet
/// `librelinkup.md` §1.9): `product`, `version`, and on data calls `Authorization` and
/// `Account-Id`. The login body is written with ``JSONWriter`` so every character of a
/// password is escaped.
struct LibreLinkUpRequests {
    let product: String
    let version: String
    let userAgent: String

    static let loginPath = "/llu/auth/login"
    static let connectionsPath = "/llu/connections"

    func login(region: LibreLinkUpRegion, credentials: LibreLinkUpCredentials) throws -> HTTPRequest {
        var fields = baseFields()
        fields.append(name: "Content-Type", value: "application/json")
        let body = JSONValue.object(
            JSONObject(members: [
                JSONObject.Member(key: "email", value: .string(credentials.email)),
                JSONObject.Member(key: "password", value: .string(credentials.password)),
            ]))
        return HTTPRequest(
            method: .post, url: try url(region, Self.loginPath), headerFields: fields,
            body: JSONWriter(layout: .compact).bytes(from: body))
    }

    func get(region: LibreLinkUpRegion, path: String, token: String, accountID: String) throws -> HTTPRequest {
        var fields = baseFields()
        fields.append(name: "Authorization", value: "Bearer " + token)
        fields.append(name: "Account-Id", value: accountID)
        return HTTPRequest(method: .get, url: try url(region, path), headerFields: fields)
    }

    /// `/llu/connections/{patientId}/graph` or `/logbook`.
    static func patientPath(_ patientID: String, _ leaf: String) -> String {
        connectionsPath + "/" + patientID + "/" + leaf
    }

    private func baseFields() -> HTTPFields {
        [
            "product": product, "version": version, "Accept": "application/json", "User-Agent": userAgent,
            "cache-control": "no-cache",
        ]
    }

    private func url(_ region: LibreLinkUpRegion, _ path: String) throws -> URL {
        var components = URLComponents()
        components.scheme = region.scheme
        components.host = region.host
        components.port = region.port
        components.path = path
        guard let url = components.url else {
            throw CGMError(code: .invalidArgument, message: "the region's host does not form a valid URL")
        }
        return url
    }
}
