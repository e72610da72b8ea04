import CGMKit
import CGMKitLibre
import Testing

@Suite struct LibreProviderIDTests {
    /// The provider names are the ones SPEC §8 and §9 give; hosts store them and pass them to `cgm`.
    @Test func providerNamesAreTheSpecifiedOnes() {
        #expect(ProviderID.libreLinkUp.rawValue == "librelinkup")
        #expect(ProviderID.libreView.rawValue == "libreview")
    }
}
