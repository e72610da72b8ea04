/// A display device (phone app or receiver) registered to the account (SPEC §2.3).
public struct CGMDevice: Sendable, Hashable, PHIRedacting {
    /// The adapter that produced the record.
    public var provider: ProviderID
    /// Generation, display device, app and transmitter.
    public var info: DeviceInfo
    /// When the device last uploaded, as a UTC instant.
    public var lastUploadTime: CGMInstant?

    /// Creates a device record.
    public init(provider: ProviderID, info: DeviceInfo, lastUploadTime: CGMInstant? = nil) {
        self.provider = provider
        self.info = info
        self.lastUploadTime = lastUploadTime
    }
}
