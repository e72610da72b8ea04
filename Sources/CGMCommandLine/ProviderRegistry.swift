import CGMKit
import CGMKitDexcom

/// The normalizers `cgm normalize --provider` can use.
enum ProviderRegistry {
    static let normalizers: [any PayloadNormalizer] = [DexcomV3Normalizer(), DexcomShareNormalizer()]

    static var names: [String] { normalizers.map(\.provider.rawValue) }

    static func normalizer(named name: String) -> (any PayloadNormalizer)? {
        normalizers.first { $0.provider.rawValue == name }
    }
}
