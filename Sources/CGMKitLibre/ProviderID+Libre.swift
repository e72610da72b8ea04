@_spi(AdapterSupport) import CGMKit

extension ProviderID {
    /// `librelinkup`: Abbott's LibreLinkUp follower API (`/llu/connections`, `/graph`, `/logbook`),
    /// FreeStyle Libre 2 and 3 sensors (SPEC §8; `Docs/Providers/LibreLinkUp.md`).
    public static let libreLinkUp: ProviderID = "librelinkup"

    /// `libreview`: the glucose CSV file that Abbott's LibreView website exports
    /// (SPEC §9; `Docs/Providers/LibreView.md`).
    public static let libreView: ProviderID = "libreview"
}
