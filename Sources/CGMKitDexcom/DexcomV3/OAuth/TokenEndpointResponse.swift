@_spi(AdapterSupport) import CGMKit

/// Reads what Dexcom's token endpoint answered: tokens, an OAuth error, or neither.
///
/// Tolerant of the variants seen in the wild (reliability A6): `expires_in` as a
/// number, a numeric string or a float, missing or non-positive (then
/// ``defaultLifetimeSeconds`` is assumed and the 401 path covers an early expiry),
/// huge (capped at 30 days); `token_type` in any case; unknown and odd extra fields
/// ignored (`"not-before-policy": "1726871301,"`). Strict on meaning: the body must be
/// one JSON object without repeated keys and with a non-empty `access_token`; a
/// `token_type` other than bearer is refused.
enum TokenEndpointResponse {
    /// Lifetime assumed when `expires_in` is unusable.
    static let defaultLifetimeSeconds: Int64 = 3600
    /// The longest lifetime believed.
    static let maximumLifetimeSeconds: Int64 = 30 * 86_400
    /// Token responses are small; anything larger is not one.
    static let reader = JSONReader(
        limits: JSONReaderLimits(
            maximumDocumentBytes: 64 * 1024, maximumDepth: 8,
            maximumStringBytes: 16 * 1024, maximumNumberBytes: 64))

    /// Tokens from a 200 body. A missing `refresh_token` keeps `previousRefreshToken`.
    static func tokens(
        from body: [UInt8], receivedAt now: CGMInstant,
        previousRefreshToken: String?
    ) throws -> DexcomV3Tokens {
        guard let document = try? reader.read(body), let object = document.objectValue else {
            throw CGMError(
                code: .unexpectedResponse, message: "the token endpoint answered without a JSON object",
                httpStatus: 200)
        }
        guard !object.hasDuplicateKeys else {
            throw CGMError(code: .unexpectedResponse, message: "the token response repeats a key", httpStatus: 200)
        }
        guard case .string(let accessToken)? = object["access_token"], !accessToken.isEmpty else {
            throw CGMError(
                code: .unexpectedResponse, message: "the token response has no access_token", httpStatus: 200)
        }
        if let type = object["token_type"], !type.isNull {
            guard let text = type.stringValue, text.lowercased() == "bearer" else {
                throw CGMError(
                    code: .unexpectedResponse, message: "the token response is not a bearer token",
                    httpStatus: 200)
            }
        }
        var refreshToken = previousRefreshToken
        if case .string(let rotated)? = object["refresh_token"], !rotated.isEmpty {
            refreshToken = rotated
        }
        let lifetime = lifetimeSeconds(object["expires_in"])
        return DexcomV3Tokens(
            accessToken: accessToken, refreshToken: refreshToken, issuedAt: now,
            expiresAt: now.adding(milliseconds: lifetime * 1000))
    }

    /// `expires_in` in whole seconds, within 1 s … 30 days, or the default.
    static func lifetimeSeconds(_ value: JSONValue?) -> Int64 {
        let seconds: Double?
        switch value {
        case .number(let number)?: seconds = number.doubleValue
        case .string(let text)?: seconds = NumberText.parse(text)
        default: seconds = nil
        }
        guard let seconds, seconds.isFinite, seconds >= 1 else { return defaultLifetimeSeconds }
        return seconds >= Double(maximumLifetimeSeconds) ? maximumLifetimeSeconds : Int64(seconds.rounded(.down))
    }

    /// The OAuth `error` code of an error body (RFC 6749 §5.2), when it is an identifier.
    /// `error_description` and everything else is ignored: it is free text.
    static func oauthError(in body: [UInt8]) -> String? {
        guard let document = try? reader.read(body), let object = document.objectValue,
            case .string(let code)? = object["error"]
        else { return nil }
        return CGMError(code: .unexpectedResponse, message: "", vendorCode: code).vendorCode
    }

    /// The error for a failed token-endpoint answer. `invalid_grant` is the only
    /// answer that means the grant is gone.
    static func failure(_ response: HTTPResponse, during step: String, now: CGMInstant) -> CGMError {
        let status = response.statusCode
        if (300...399).contains(status) {
            return CGMError(
                code: .unexpectedResponse,
                message:
                    "the token endpoint redirected during \(step); redirects are refused so the client secret is not sent elsewhere",
                httpStatus: status)
        }
        if status == 429 {
            let seconds = RetryAfter.delayMilliseconds(response.headerFields.values(for: "Retry-After"), now: now)
            return CGMError(
                code: .rateLimited, message: "the token endpoint asked to slow down during \(step)",
                httpStatus: status, retryAfterSeconds: seconds.map(RetryAfter.seconds(fromMilliseconds:)))
        }
        if (500...599).contains(status) {
            return CGMError(
                code: .serverUnavailable,
                message: "the token endpoint failed during \(step); the refresh token is kept",
                httpStatus: status)
        }
        let code = oauthError(in: response.body)
        switch code {
        case "invalid_grant":
            return CGMError(
                code: .reauthorizationRequired,
                message: "Dexcom rejected the grant during \(step); the user must authorize again",
                vendorCode: code, httpStatus: status)
        case "invalid_client", "unauthorized_client":
            return CGMError(
                code: .credentialsRejected,
                message: "Dexcom rejected the app's client id or secret during \(step)",
                vendorCode: code, httpStatus: status)
        default:
            return CGMError(
                code: .unexpectedResponse, message: "the token endpoint refused \(step)",
                vendorCode: code, httpStatus: status)
        }
    }
}
