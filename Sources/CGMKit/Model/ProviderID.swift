/// The slug that names a provider adapter in records and batches (`dexcom_v3`,
/// `dexcom`, `sandbox`, or a third-party adapter's own).
///
/// An open set: each adapter module adds its own static member, for example
/// `extension ProviderID { static let myClinic: ProviderID = "my_clinic" }`.
public struct ProviderID: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The slug.
    public let rawValue: String

    /// A provider slug: 1 to 64 characters of `a-z`, `0-9`, `_` and `-`, starting with
    /// a letter. Returns `nil` otherwise.
    public init?(_ rawValue: String) {
        let bytes = Array(rawValue.utf8)
        guard (1...64).contains(bytes.count), let first = bytes.first, (0x61...0x7A).contains(first),
            bytes.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F || $0 == 0x2D })
        else { return nil }
        self.rawValue = rawValue
    }

    /// A slug written as a literal in code, for static members such as
    /// `static let myClinic: ProviderID = "my_clinic"`. Note that Swift also routes
    /// `ProviderID("literal")` here (SE-0213). An invalid literal is a programming
    /// error and stops the program on first use; text known only at run time (a
    /// payload, an argument) goes through the failable ``init(_:)`` and never traps.
    public init(stringLiteral value: String) {
        guard let valid = ProviderID(value) else {
            preconditionFailure("invalid provider slug literal")
        }
        self = valid
    }

    /// The slug.
    public var description: String { rawValue }

    /// Orders slugs in byte order.
    public static func < (lhs: ProviderID, rhs: ProviderID) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }
}
