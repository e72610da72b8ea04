import CGMKit
import CGMKitDexcom
import CGMKitLibre
import CGMKitNightscout

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The normalizers `cgm normalize --provider` can use.
enum ProviderRegistry {
    static let normalizers: [any PayloadNormalizer] = [
        DexcomV3Normalizer(), DexcomShareNormalizer(), NightscoutNormalizer(),
        LibreLinkUpNormalizer(),
    ]

    /// The providers whose wire format the sandbox server speaks.
    static let sandboxProviders: [ProviderID] = [.dexcomV3, .dexcomShare, .libreLinkUp]

    /// The exported files (SPEC §9): their wall clocks need `--time-zone`.
    static let fileProviders: [ProviderID] = [.dexcomClarity, .libreView]

    static var names: [String] { normalizers.map(\.provider.rawValue) + fileProviders.map(\.rawValue) }

    /// The normalizer of an exported file recorded in `timeZone`; `dateOrder` is read by LibreView only.
    static func fileNormalizer(
        named name: String, timeZone: TimeZone, dateOrder: LibreViewDateOrder?
    ) -> (any PayloadNormalizer)? {
        switch name {
        case ProviderID.dexcomClarity.rawValue: ClarityNormalizer(timeZone: timeZone)
        case ProviderID.libreView.rawValue: LibreViewNormalizer(timeZone: timeZone, dateOrder: dateOrder)
        default: nil
        }
    }

    static func normalizer(named name: String) -> (any PayloadNormalizer)? {
        normalizers.first { $0.provider.rawValue == name }
    }
}
