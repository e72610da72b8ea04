@_spi(AdapterSupport) import CGMKit

/// Classifies Dexcom Share failures by the body's `Code`, never by HTTP status (Share
/// answers every application error with HTTP 500) and never by copying `Message` or
/// `SubCode`, which echo session ids.
enum ShareFault: Equatable {
    /// Wrong password, unknown account, wrong region, or a rejected login: stop logging in.
    case credentialsRejected(code: String)
    /// Too many attempts: stop logging in and wait out a cool-down.
    case accountLocked(code: String)
    /// The session is unknown or expired: log in again, once.
    case sessionExpired(code: String)
    /// A server-side failure reported with a code (`SSO_InternalError` without a
    /// credential message): try again later, no login needed.
    case transient(code: String)
    /// A Share code that fits none of the above.
    case other(code: String)
    /// No usable code: an HTML page, an empty body, a gateway error.
    case noCode

    /// The fault of an error response body.
    static func classify(body: [UInt8]) -> ShareFault {
        guard let object = try? JSONReader().read(body).objectValue,
            let code = object["Code"]?.stringValue
        else { return .noCode }
        if code.hasPrefix("SSO_AuthenticateMaxAttempts") { return .accountLocked(code: code) }
        switch code {
        case "SessionIdNotFound", "SessionNotValid":
            return .sessionExpired(code: code)
        case "AccountPasswordInvalid", "InvalidArgument":
            return .credentialsRejected(code: code)
        case "SSO_InternalError":
            // Mid-2024 the SSO layer reported bad credentials this way; otherwise it is
            // a server fault. The message is inspected, never kept.
            let message = object["Message"]?.stringValue ?? ""
            return message.contains("Cannot Authenticate") ? .credentialsRejected(code: code) : .transient(code: code)
        default:
            // Any other SSO_* code is about the login: treat it as a credential error.
            return code.hasPrefix("SSO_") ? .credentialsRejected(code: code) : .other(code: code)
        }
    }
}

/// The text of a Share login response: a JSON string holding a UUID.
enum ShareIdentifier {
    static let allZero = "00000000-0000-0000-0000-000000000000"

    enum Outcome: Equatable {
        case valid(String)
        case allZero
        case malformed
    }

    static func parse(_ body: [UInt8]) -> Outcome {
        guard let text = (try? JSONReader().read(body))?.stringValue else { return .malformed }
        guard isUUID(text) else { return .malformed }
        return text == allZero ? .allZero : .valid(text.lowercased())
    }

    static func isUUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (position, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(position) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) || (0x41...0x46).contains(byte)
                else { return false }
            }
        }
        return true
    }
}
