@_spi(AdapterSupport) import CGMKit

extension ProviderID {
    /// The legacy password-based Dexcom Share API.
    public static let dexcomShare: ProviderID = "dexcom"
}
