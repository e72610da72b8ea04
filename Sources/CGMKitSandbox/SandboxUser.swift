import CGMKit

/// A simulated person wearing a Dexcom CGM, modelled on Dexcom's sandbox users.
///
/// Each user is deterministic: the same user, days and end instant always give the
/// same trace, byte for byte.
public struct SandboxUser: Sendable, Hashable, CustomStringConvertible {
    /// The name used on the command line (`g7`, `g6`, `receiver`, `mmol`).
    public let name: String
    /// One line for people.
    public let summary: String
    /// Dexcom's `transmitterGeneration`.
    public let generation: String
    /// Dexcom's `displayDevice`: `iOS`, `android` or `receiver`.
    public let displayDevice: String
    /// Dexcom's `displayApp`.
    public let displayApp: String
    /// Where the user lives; receivers show its wall time with no offset.
    public let timeZone: SandboxTimeZone
    /// The unit the user reads glucose in.
    public let preferredUnit: GlucoseUnit
    /// Minutes without readings at the start of each sensor session.
    public let warmUpMinutes: Int
    /// Whether the user enters fingerstick calibrations (optional on G6, none on G7).
    public let calibrates: Bool
    /// Whether a new sensor brings a new transmitter id (G7) or keeps it (G6).
    public let transmitterPerSensor: Bool
    /// The seed of the user's random sequence.
    public let seed: UInt64
    /// Baseline glucose, mg/dL.
    let baseline: Double

    /// A G7 user on a phone, in Berlin (the default).
    public static let g7 = SandboxUser(
        name: "g7", summary: "G7 on an Android phone, Europe/Berlin", generation: "g7", displayDevice: "android",
        displayApp: "G7", timeZone: .berlin, preferredUnit: .milligramsPerDeciliter, warmUpMinutes: 30,
        calibrates: false,
        transmitterPerSensor: true, seed: 7, baseline: 118)
    /// A G6 user on an iPhone, in New York, who calibrates now and then.
    public static let g6 = SandboxUser(
        name: "g6", summary: "G6 on an iPhone, America/New_York, calibrates", generation: "g6", displayDevice: "iOS",
        displayApp: "G6", timeZone: .newYork, preferredUnit: .milligramsPerDeciliter, warmUpMinutes: 120,
        calibrates: true,
        transmitterPerSensor: false, seed: 6, baseline: 126)
    /// A G6 user with a Dexcom receiver in Kathmandu: display times carry no offset, and
    /// the receiver uploads once a day when docked, so recent readings arrive late.
    public static let receiver = SandboxUser(
        name: "receiver", summary: "G6 with a receiver, Asia/Kathmandu (+05:45), uploads nightly", generation: "g6",
        displayDevice: "receiver", displayApp: "receiver", timeZone: .kathmandu, preferredUnit: .milligramsPerDeciliter,
        warmUpMinutes: 120, calibrates: true, transmitterPerSensor: false, seed: 5, baseline: 132)
    /// A G7 user on an iPhone in London who reads mmol/L (Dexcom still reports mg/dL).
    public static let mmol = SandboxUser(
        name: "mmol", summary: "G7 on an iPhone, Europe/London, reads mmol/L", generation: "g7", displayDevice: "iOS",
        displayApp: "G7", timeZone: .london, preferredUnit: .millimolesPerLiter, warmUpMinutes: 30, calibrates: false,
        transmitterPerSensor: true, seed: 8, baseline: 140)

    /// Every simulated user.
    public static let all: [SandboxUser] = [.g7, .g6, .receiver, .mmol]

    /// The user called `name`, or `nil`.
    public static func named(_ name: String) -> SandboxUser? {
        all.first { $0.name == name }
    }

    /// Whether display times carry a UTC offset (phones) or not (receivers).
    public var displayTimesHaveOffset: Bool { displayDevice != "receiver" }

    /// The name.
    public var description: String { name }
}

extension SandboxUser {
    /// A FreeStyle Libre 3 wearer in Berlin who reads mmol/L, followed through
    /// LibreLinkUp (`cgm demo --provider librelinkup`). Served only as LibreLinkUp, so it
    /// is not among the Dexcom users of ``all``.
    public static let libre3 = SandboxUser(
        name: "libre3", summary: "FreeStyle Libre 3 followed with LibreLinkUp, Europe/Berlin, reads mmol/L",
        generation: "libre3", displayDevice: "android", displayApp: "LibreLinkUp", timeZone: .berlin,
        preferredUnit: .millimolesPerLiter, warmUpMinutes: 60, calibrates: false, transmitterPerSensor: true,
        seed: 3, baseline: 128)
}
