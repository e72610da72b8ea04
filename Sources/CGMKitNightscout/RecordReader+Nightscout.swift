@_spi(AdapterSupport) import CGMKit

/// The identity and device fields every Nightscout document shares, read by CGMKit's
/// record rules.
extension RecordReader {
    /// `nightscout:<_id>`, else `nightscout:<identifier>` (API v3), else a key built
    /// from what Nightscout itself deduplicates on: `<type>@<epoch ms>`.
    func nativeID(type: String, instant: CGMInstant) -> String {
        string("_id") ?? string("identifier") ?? "\(type)@\(instant.millisecondsSince1970)"
    }

    /// The device name an uploader wrote (`xDrip-DexcomG6`, `share2`, `loop://iPhone`).
    var deviceInfo: DeviceInfo? {
        string("device").map { DeviceInfo(displayDevice: $0) }
    }
}
