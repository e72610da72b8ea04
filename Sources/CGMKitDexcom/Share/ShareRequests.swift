@_spi(AdapterSupport) import CGMKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Builds the three Share requests. Bodies are written with ``JSONWriter`` so every
/// character of a password is escaped correctly.
struct ShareRequests {
    let region: DexcomShareRegion
    let userAgent: String

    static let authenticatePath = "/ShareWebServices/Services/General/AuthenticatePublisherAccount"
    static let loginPath = "/ShareWebServices/Services/General/LoginPublisherAccountById"
    static let readPath = "/ShareWebServices/Services/Publisher/ReadPublisherLatestGlucoseValues"

    func authenticate(accountName: String, password: String) throws -> HTTPRequest {
        try post(
            Self.authenticatePath, query: [],
            body: [
                ("applicationId", region.applicationID), ("accountName", accountName), ("password", password),
            ])
    }

    func login(accountID: String, password: String) throws -> HTTPRequest {
        try post(
            Self.loginPath, query: [],
            body: [
                ("applicationId", region.applicationID), ("accountId", accountID), ("password", password),
            ])
    }

    func readLatest(sessionID: String, minutes: Int, maxCount: Int) throws -> HTTPRequest {
        try post(
            Self.readPath,
            query: [
                URLQueryItem(name: "sessionId", value: sessionID),
                URLQueryItem(name: "minutes", value: String(minutes)),
                URLQueryItem(name: "maxCount", value: String(maxCount)),
            ], body: [])
    }

    private func post(_ path: String, query: [URLQueryItem], body: [(String, String)]) throws -> HTTPRequest {
        var components = URLComponents()
        components.scheme = region.scheme
        components.host = region.host
        components.port = region.port
        components.path = path
        components.queryItems = query.isEmpty ? nil : query
        guard let url = components.url else {
            throw CGMError(code: .invalidArgument, message: "the region's host does not form a valid URL")
        }
        let object = JSONValue.object(
            JSONObject(members: body.map { JSONObject.Member(key: $0.0, value: .string($0.1)) }))
        return HTTPRequest(
            method: .post, url: url,
            headerFields: ["Content-Type": "application/json", "Accept": "application/json", "User-Agent": userAgent],
            body: JSONWriter(layout: .compact).bytes(from: object))
    }
}
