import CGMKit

extension ProviderID {
    /// The offline simulator that serves vendor-shaped payloads with no account.
    public static let sandbox: ProviderID = "sandbox"
}
