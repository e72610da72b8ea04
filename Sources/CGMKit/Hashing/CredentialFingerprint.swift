/// The salted SHA-256 fingerprint of credentials that a login-state store keeps instead
/// of the password: enough to tell whether the credentials a client now holds are the
/// ones a vendor rejected, and nothing more (Docs/Security.md).
///
/// The text is `<salt>:<SHA-256 hex>`, the digest taken over `domain` and then, each
/// after a NUL byte, the salt and every part in order. The domain separates vendors and
/// versions (`cgmkit.share.rejected.v1`); the salt (random hex per rejection) keeps equal
/// credentials of two accounts from giving equal text.
@_spi(AdapterSupport)
public enum CredentialFingerprint {
    /// `<salt>:<SHA-256(domain, salt, parts…)>` in lower-case hex.
    public static func make(domain: String, salt: String, parts: [String]) -> String {
        var message = Array(domain.utf8)
        for part in [salt] + parts {
            message.append(0)
            message.append(contentsOf: Array(part.utf8))
        }
        return salt + ":" + Hex.lowercase(SHA256.digest(message))
    }

    /// The salt of a stored fingerprint (the text before its first `:`), or `nil` when
    /// the text is not a fingerprint.
    public static func salt(of fingerprint: String) -> String? {
        fingerprint.firstIndex(of: ":").map { String(fingerprint[..<$0]) }
    }
}
