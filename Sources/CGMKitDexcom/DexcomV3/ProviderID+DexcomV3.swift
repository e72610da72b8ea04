@_spi(AdapterSupport) import CGMKit

extension ProviderID {
    /// Dexcom's OAuth Web API v3.
    public static let dexcomV3: ProviderID = "dexcom_v3"
}
