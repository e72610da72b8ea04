@_spi(AdapterSupport) import CGMKit
import CGMKitNightscout
import CGMKitTesting

@_spi(Testing) @testable import CGMKitDexcom

/// Reads the bytes; what reads must write back and read again to the same value,
/// compactly and pretty-printed, and tight limits must fail with `limitExceeded` only.
public func fuzzJSONReader(_ bytes: [UInt8]) {
    let value: JSONValue
    do {
        value = try JSONReader().read(bytes)
    } catch {
        return
    }
    for layout in [JSONWriter.Layout.compact, .pretty] {
        let written = JSONWriter(layout: layout).bytes(from: value)
        let reread = try? JSONReader(limits: .unlimitedForChecks).read(written)
        require(reread == value, "a value read does not survive a \(layout) write and re-read")
    }
    let tight = JSONReaderLimits(
        maximumDocumentBytes: bytes.count, maximumDepth: 2, maximumStringBytes: 8,
        maximumNumberBytes: 8)
    do {
        _ = try JSONReader(limits: tight).read(bytes)
    } catch {
        require(error.code == .limitExceeded, "valid JSON failed tight limits with \(error.code), not limitExceeded")
    }
}

/// Normalizes a Dexcom v3 body with the fast path on and off: both must agree, and a
/// batch must keep every promise.
public func fuzzDexcomV3(_ bytes: [UInt8], endpoint: DexcomV3Endpoint?) {
    let fast = NormalizationOutcome { try DexcomV3Normalizer().normalize(bytes, endpoint: endpoint) }
    let general = NormalizationOutcome {
        try DexcomV3Normalizer(usesFastPath: false).normalize(bytes, endpoint: endpoint)
    }
    require(fast == general, "the v3 fast path and general path disagree")
    require(fast != .foreignError, "the v3 normalizer threw something other than CGMError")
    if case .batch(let batch) = fast { checkBatch(batch) }
}

/// Normalizes a Share readings body with the fast path on and off.
public func fuzzShareReadings(_ bytes: [UInt8]) {
    let fast = NormalizationOutcome { try DexcomShareNormalizer().normalize(bytes) }
    let general = NormalizationOutcome { try DexcomShareNormalizer(usesFastPath: false).normalize(bytes) }
    require(fast == general, "the Share fast path and general path disagree")
    require(fast != .foreignError, "the Share normalizer threw something other than CGMError")
    if case .batch(let batch) = fast { checkBatch(batch) }
}

/// Classifies a Share error body and reads it as a login answer.
public func fuzzShareError(_ bytes: [UInt8]) {
    switch ShareFault.classify(body: bytes) {
    case .credentialsRejected(let code), .accountLocked(let code), .sessionExpired(let code), .transient(let code),
        .other(let code):
        let stated = (try? JSONReader().read(bytes))?.objectValue?["Code"]?.stringValue
        require(stated == code, "the fault's code is not the body's Code")
    case .noCode:
        break
    }
    switch ShareIdentifier.parse(bytes) {
    case .valid(let id):
        require(ShareIdentifier.isUUID(id) && id != ShareIdentifier.allZero, "a login answer passed that is not a UUID")
    case .allZero, .malformed:
        break
    }
}

/// Parses a Share `Date(…)`: the String and byte entry points agree, the offset is
/// within ±14:59, and the parse survives being written back.
public func fuzzShareDate(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    let fromText = ShareTimestamp(text)
    let fromBytes = bytes.withUnsafeBufferPointer { ShareTimestamp(utf8: $0) }
    guard Array(text.utf8) == bytes else { return }
    require(fromText == fromBytes, "ShareTimestamp's String and UTF-8 entry points disagree")
    guard let parsed = fromText else { return }
    var written = "Date(\(parsed.instant.millisecondsSince1970)"
    if let offset = parsed.offsetMinutes {
        require(abs(offset) <= 14 * 60 + 59, "a Share offset beyond ±14:59 was accepted")
        let magnitude = abs(offset)
        written += (offset < 0 ? "-" : "+") + twoDigits(magnitude / 60) + twoDigits(magnitude % 60)
    }
    written += ")"
    require(ShareTimestamp(written) == parsed, "a Share time does not survive being written back")
}

/// Parses an ISO 8601 time: both entry points agree, fields are a real calendar
/// moment, and the parse survives being written back.
public func fuzzISOTime(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    guard Array(text.utf8) == bytes else { return }
    let fromText = ISO8601Timestamp(text)
    let fromBytes = bytes.withUnsafeBufferPointer { ISO8601Timestamp(utf8: $0) }
    require(fromText == fromBytes, "ISO8601Timestamp's String and UTF-8 entry points disagree")
    guard let parsed = fromText else { return }
    let moment = parsed.dateTime
    require(
        LocalDateTime(
            year: moment.year, month: moment.month, day: moment.day, hour: moment.hour,
            minute: moment.minute, second: moment.second, millisecond: moment.millisecond) == moment,
        "an ISO time parsed to an impossible wall clock")
    var written = moment.iso8601
    if let offset = parsed.offsetSeconds {
        require(abs(offset) < 24 * 3600, "an ISO offset of a day or more was accepted")
        let magnitude = abs(offset)
        written +=
            (offset < 0 ? "-" : "+") + twoDigits(magnitude / 3600) + ":" + twoDigits(magnitude / 60 % 60)
            + ":" + twoDigits(magnitude % 60)
    }
    require(ISO8601Timestamp(written) == parsed, "an ISO time does not survive being written back")
    _ = parsed.instantAssumingUTC
    _ = parsed.offsetMinutesRounded
}

/// Reads a token endpoint answer as a success body and as an error body.
public func fuzzTokenResponse(_ bytes: [UInt8]) {
    let now = CGMInstant(millisecondsSince1970: 1_750_000_000_000)
    if let tokens = try? TokenEndpointResponse.tokens(from: bytes, receivedAt: now, previousRefreshToken: "previous") {
        let lifetime = tokens.expiresAt.millisecondsSince1970 - tokens.issuedAt.millisecondsSince1970
        require(
            lifetime >= 1000 && lifetime <= TokenEndpointResponse.maximumLifetimeSeconds * 1000,
            "a token lifetime outside 1 s … 30 days")
        require(!tokens.accessToken.isEmpty, "tokens without an access token")
    }
    if let code = TokenEndpointResponse.oauthError(in: bytes) {
        require(code.utf8.allSatisfy { $0 < 0x80 } && !code.isEmpty, "an OAuth error code that is not an identifier")
    }
    for status in [400, 401, 500] {
        let error = TokenEndpointResponse.failure(
            HTTPResponse(statusCode: status, body: bytes), during: "refresh",
            now: now)
        require(error.httpStatus == status, "a token failure lost its status")
    }
}

/// Reads `Retry-After` fields, one per line: a delay is never negative nor beyond the
/// cap of 10^9 seconds, and several fields give the longest.
public func fuzzRetryAfter(_ bytes: [UInt8]) {
    let now = CGMInstant(millisecondsSince1970: 1_750_000_000_000)
    let fields = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        .map(String.init)
    let delays = fields.map { RetryAfter.delayMilliseconds($0, now: now) }
    for delay in delays.compactMap({ $0 }) {
        require(delay >= 0 && delay <= 1_000_000_000_000 + 1_000, "a Retry-After delay out of range")
        require(RetryAfter.seconds(fromMilliseconds: delay) >= 0, "negative whole seconds")
    }
    require(
        RetryAfter.delayMilliseconds(fields, now: now) == delays.compactMap({ $0 }).max(),
        "several Retry-After fields do not give the longest delay")
}

/// Normalizes Nightscout entries or treatments.
public func fuzzNightscout(_ bytes: [UInt8]) {
    let outcome = NormalizationOutcome { try NightscoutNormalizer().normalize(bytes) }
    require(outcome != .foreignError, "the Nightscout normalizer threw something other than CGMError")
    if case .batch(let batch) = outcome { checkBatch(batch) }
}

private func twoDigits(_ value: Int) -> String {
    value < 10 ? "0\(value)" : "\(value)"
}
