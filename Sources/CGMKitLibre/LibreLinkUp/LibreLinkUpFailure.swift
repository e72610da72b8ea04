@_spi(AdapterSupport) import CGMKit

/// What LibreLinkUp said when a call failed for a reason the host must act on, beyond
/// the `CGMError` code: the `CGMError.cause` of the client's errors (read it with
/// `CGMError.libreLinkUpFailure`). It holds no secret: a version floor and the name of
/// a pending account step are Abbott's words, not the user's.
public enum LibreLinkUpFailure: Error, Sendable, Hashable {
    /// Status 920 (HTTP 403): the `version` header is below Abbott's floor. Raise
    /// `LibreLinkUpClient.Configuration.version` to `minimumVersion` (when the server
    /// named one).
    case appVersionRejected(minimumVersion: String?)
    /// Status 4 at login: the account must complete a step in the LibreLink or
    /// LibreLinkUp app first (`tou` terms of use, `pp` privacy policy, `verifyEmail`, or
    /// another step as sent). The library never accepts legal documents for the user.
    case accountActionRequired(step: String)
    /// Status 4 on a data call (`couldNotLoadPatient`): the patient id is unknown or no
    /// longer followed.
    case patientNotFound
    /// An answer that is not JSON (a Cloudflare "Attention Required!" or error 1015 page,
    /// an empty 430): a block or throttle in front of the API, with the HTTP status.
    case notJSON(httpStatus: Int)

    /// A version text is kept only when it looks like one (`4.16.0`: digits and dots,
    /// at most 16 characters).
    static func version(_ text: String?) -> String? {
        guard let text, (1...16).contains(text.utf8.count),
            text.utf8.allSatisfy({ (0x30...0x39).contains($0) || $0 == 0x2E })
        else { return nil }
        return text
    }

    /// A step name is kept only when it is a short identifier (`tou`, `verifyEmail`).
    static func step(_ text: String?) -> String {
        guard let text, (1...32).contains(text.utf8.count),
            text.utf8.allSatisfy({
                (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x5F
            })
        else { return "unknown" }
        return text
    }
}

extension CGMError {
    /// The LibreLinkUp failure behind this error, when the LibreLinkUp client threw it.
    public var libreLinkUpFailure: LibreLinkUpFailure? { cause as? LibreLinkUpFailure }
}
