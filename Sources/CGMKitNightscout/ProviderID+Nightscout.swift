import CGMKit

extension ProviderID {
    /// `nightscout`: a Nightscout site's v1 API (`/api/v1/entries.json`, `/api/v1/treatments.json`).
    public static let nightscout: ProviderID = "nightscout"
}
