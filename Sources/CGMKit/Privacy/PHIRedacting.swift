/// A type whose values can hold protected health information (glucose values,
/// times, device ids) or secrets (passwords, tokens, client secrets, site addresses)
/// and therefore never print them.
///
/// Conforming types get a `description`, `debugDescription` and `customMirror` that
/// name the type only, so string interpolation, `String(reflecting:)`, `dump()` and
/// Mirror walks cannot leak the stored values into logs or crash reports. Read the
/// properties, or encode with ``BatchEncoder``, to see the data on purpose.
public protocol PHIRedacting: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {}

extension PHIRedacting {
    /// `TypeName(<redacted>)`.
    public var description: String { "\(Self.self)(<redacted>)" }
    /// `TypeName(<redacted>)`.
    public var debugDescription: String { description }
    /// A mirror with no children, so `dump()` prints only the redacted description.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
