@_spi(AdapterSupport) import CGMKit

extension ProviderID {
    /// `dexcom_clarity`: the CSV file that Dexcom Clarity exports (SPEC §9;
    /// `Docs/Providers/Clarity.md`).
    public static let dexcomClarity: ProviderID = "dexcom_clarity"
}
