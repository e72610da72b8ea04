@_spi(AdapterSupport) import CGMKit

extension ProviderID {
    /// `nightscout`: a Nightscout site's API v1 (`/api/v1/entries.json`, `/api/v1/treatments.json`) or API v3.
    public static let nightscout: ProviderID = "nightscout"
}
