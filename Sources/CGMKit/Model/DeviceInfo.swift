/// The hardware and software a record came from.
public struct DeviceInfo: Sendable, Hashable, PHIRedacting {
    /// The sensor/transmitter generation as the vendor sent it (`g6`, `g7`, `g715day`, …).
    public var generation: String?
    /// A finer generation label when the vendor sends one (Dexcom's
    /// `transmitterGenerationVariant`: `d1+`, `g715day`, …).
    public var generationVariant: String?
    /// The device that displayed the data (`iOS`, `android`, `receiver`, …).
    public var displayDevice: String?
    /// The app that displayed the data (`G7`, `G7Android`, …).
    public var displayApp: String?
    /// The vendor's transmitter identifier (for Dexcom, already hashed). Never empty.
    public var transmitterID: String?

    /// Creates device information. An empty `transmitterID` is stored as `nil`.
    public init(
        generation: String? = nil, generationVariant: String? = nil, displayDevice: String? = nil,
        displayApp: String? = nil, transmitterID: String? = nil
    ) {
        self.generation = generation
        self.generationVariant = generationVariant
        self.displayDevice = displayDevice
        self.displayApp = displayApp
        self.transmitterID = transmitterID?.isEmpty == true ? nil : transmitterID
    }

    /// Whether every field is absent.
    public var isEmpty: Bool {
        generation == nil && generationVariant == nil && displayDevice == nil && displayApp == nil
            && transmitterID == nil
    }
}
