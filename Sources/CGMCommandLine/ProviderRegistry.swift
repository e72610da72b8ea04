import CGMKit
import CGMKitDexcom
import CGMKitLibre
import CGMKitNightscout

/// The normalizers `cgm normalize --provider` can use.
enum ProviderRegistry {
    static let normalizers: [any PayloadNormalizer] = [
        DexcomV3Normalizer(), DexcomShareNormalizer(), NightscoutNormalizer(),
        LibreLinkUpNormalizer(),
    ]

    /// The providers whose wire format the sandbox server speaks.
    static let sandboxProviders: [ProviderID] = [.dexcomV3, .dexcomShare, .libreLinkUp]

    static var names: [String] { normalizers.map(\.provider.rawValue) }

    static func normalizer(named name: String) -> (any PayloadNormalizer)? {
        normalizers.first { $0.provider.rawValue == name }
    }
}
