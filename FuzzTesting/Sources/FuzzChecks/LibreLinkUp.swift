@_spi(AdapterSupport) import CGMKit
import CGMKitLibre
import CGMKitTesting

/// Normalizes a LibreLinkUp answer: only `CGMError` is thrown, a batch keeps every
/// promise, the result does not depend on the run (normalizing twice agrees), and a
/// connections list read by index 0 agrees with the default whenever the default reads it.
public func fuzzLibreLinkUp(_ bytes: [UInt8]) {
    let first = NormalizationOutcome { try LibreLinkUpNormalizer().normalize(bytes) }
    require(first != .foreignError, "the LibreLinkUp normalizer threw something other than CGMError")
    let second = NormalizationOutcome { try LibreLinkUpNormalizer().normalize(bytes) }
    require(first == second, "the LibreLinkUp normalizer is not deterministic")
    let indexed = NormalizationOutcome { try LibreLinkUpNormalizer(connectionIndex: 0).normalize(bytes) }
    require(indexed != .foreignError, "the LibreLinkUp normalizer with an index threw something other than CGMError")
    if case .batch(let batch) = first {
        checkBatch(batch)
        if case .batch = indexed {} else { require(false, "an answer the default reads fails with index 0") }
    }
}

/// Parses a LibreLinkUp timestamp: what is accepted is a real moment, its fields are in
/// range, and it survives being written back in the canonical form (no zero padding but
/// the year's four digits: `6/19/0226` is the year 226).
public func fuzzLibreLinkUpTime(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    let fromBytes = LibreLinkUpTimestamp.parse(bytes: bytes)
    if Array(text.utf8) == bytes {
        require(LibreLinkUpTimestamp.parse(text) == fromBytes, "the String and byte entry points disagree")
    }
    guard let parsed = fromBytes else { return }
    require(bytes.count <= LibreLinkUpTimestamp.maximumLength, "a text longer than the format was accepted")
    require(
        LocalDateTime(
            year: parsed.year, month: parsed.month, day: parsed.day, hour: parsed.hour, minute: parsed.minute,
            second: parsed.second) == parsed, "an accepted time is not a real calendar moment")
    let hour = parsed.hour % 12 == 0 ? 12 : parsed.hour % 12
    let minute = parsed.minute < 10 ? "0\(parsed.minute)" : "\(parsed.minute)"
    let second = parsed.second < 10 ? "0\(parsed.second)" : "\(parsed.second)"
    let year = String(repeating: "0", count: max(0, 4 - String(parsed.year).count)) + String(parsed.year)
    let written = "\(parsed.month)/\(parsed.day)/\(year) \(hour):\(minute):\(second) \(parsed.hour < 12 ? "AM" : "PM")"
    require(LibreLinkUpTimestamp.parse(written) == parsed, "a LibreLinkUp time does not survive being written back")
}
