import CGMKit

/// The individual checks behind ``AdapterConformance``, usable on any batch.
public enum ConformanceChecks {
    /// Problems with SPEC §2.1's order rule: timed records sorted by time, then id,
    /// and unique by id. Empty when the batch keeps it.
    public static func sortedAndUnique(_ batch: CGMBatch) -> [String] {
        func check<R: TimedRecord>(_ records: [R], _ kind: String) -> [String] {
            var problems: [String] = []
            if Set(records.map(\.id)).count != records.count { problems.append("\(kind) repeat an id") }
            for (position, pair) in zip(records, records.dropFirst()).enumerated() {
                let (earlier, later) = pair
                if !(earlier.time.instant < later.time.instant
                    || (earlier.time.instant == later.time.instant && earlier.id < later.id))
                {
                    problems.append("\(kind) \(position) and \(position + 1) are out of order")
                    break
                }
            }
            return problems
        }
        return check(batch.readings, "readings") + check(batch.calibrations, "calibrations")
            + check(batch.events, "events") + check(batch.alerts, "alerts")
    }

    /// Vendor records that vanished: neither normalized (an output id
    /// `provider:nativeID` or `provider:nativeID#…`), nor merged with an identical
    /// repeat, nor merged as a relayed copy of another reading (SPEC §2.1; recognised
    /// by normalizing the record's ``VendorRecord/isolatedPayload`` with `normalizer`),
    /// nor reported by an issue at their index. Records without a native id are
    /// accounted by count against outputs no native id claimed. A batch with records
    /// or record issues while `records` is empty fails: the lister found nothing to
    /// account for.
    public static func accounting(
        _ batch: CGMBatch, records: [VendorRecord], provider: ProviderID,
        normalizer: (any PayloadNormalizer)? = nil,
        relayedCopies: RelayedCopyRule = .uploaderRelayed
    ) -> [String] {
        let reported = Set(batch.issues.compactMap(\.index))
        let outputIDs =
            batch.readings.map(\.id.rawValue) + batch.calibrations.map(\.id.rawValue)
            + batch.events.map(\.id.rawValue) + batch.alerts.map(\.id.rawValue)
        if records.isEmpty, !outputIDs.isEmpty || !batch.devices.isEmpty || !reported.isEmpty {
            return [
                "found 0 vendor records, but the batch holds records or record issues: pass a vendorRecords lister that finds them"
            ]
        }
        // Outputs by the id of the vendor record they may come from: their own id, and
        // for `id#part`, the `id` before each `#` (a native id may contain one too).
        var outputsByRecord: [String: [String]] = [:]
        for id in outputIDs {
            outputsByRecord[id, default: []].append(id)
            for separator in id.indices where id[separator] == "#" {
                outputsByRecord[String(id[..<separator]), default: []].append(id)
            }
        }
        let readingIDs = Set(batch.readings.map(\.id))
        /// Whether the record alone normalizes to readings that the batch holds only as
        /// relayed copies under other ids.
        func isRelayedCopy(_ record: VendorRecord) -> Bool {
            guard let normalizer, let isolated = record.isolatedPayload,
                let alone = try? normalizer.normalize(JSONWriter(layout: .compact).bytes(from: isolated)),
                !alone.readings.isEmpty, alone.calibrations.isEmpty, alone.events.isEmpty, alone.alerts.isEmpty
            else {
                return false
            }
            return alone.readings.allSatisfy { reading in
                !readingIDs.contains(reading.id)
                    && batch.readings.contains { $0.id != reading.id && relayedCopies.areCopies($0, reading) }
            }
        }
        var claimed: Set<String> = []
        var problems: [String] = []
        var anonymous: Set<JSONValue> = []
        for record in records where !reported.contains(record.index) {
            guard let nativeID = record.nativeID else {
                if !isRelayedCopy(record) { anonymous.insert(record.content) }
                continue
            }
            let id = RecordID(provider: provider, nativeID: nativeID).rawValue
            if let outputs = outputsByRecord[id] {
                claimed.formUnion(outputs)
            } else if !isRelayedCopy(record) {
                problems.append("record \(record.index) vanished without an issue")
            }
        }
        let unclaimedOutputs = Set(outputIDs).subtracting(claimed).count + batch.devices.count
        if anonymous.count > unclaimedOutputs {
            problems.append(
                "\(anonymous.count - unclaimedOutputs) of \(anonymous.count) records without ids vanished without an issue"
            )
        }
        return problems
    }

    /// A payload value that must not leak, with what kind of value it is.
    public struct Secret: Sendable, Hashable {
        /// What it is (`"a transmitter id"`), for failure messages.
        public var kind: String
        /// The text to look for.
        public var text: String

        /// Creates a secret.
        public init(kind: String, text: String) {
            self.kind = kind
            self.text = text
        }
    }

    /// Values of the batch that identify a person or are health data: native record
    /// ids and transmitter ids (4+ characters), event notes, and glucose values of
    /// 100 mg/dL or more (shorter numbers occur in ordinary text).
    public static func payloadSecrets(of batch: CGMBatch) -> [Secret] {
        var secrets: Set<Secret> = []
        func add(_ kind: String, _ text: String?) {
            if let text, text.count >= 4 { secrets.insert(Secret(kind: kind, text: text)) }
        }
        func native(_ id: RecordID) -> String {
            String(id.rawValue.drop { $0 != ":" }.dropFirst())
        }
        for reading in batch.readings {
            add("a native id", native(reading.id))
            add("a transmitter id", reading.device?.transmitterID)
            if let value = reading.glucose?.milligramsPerDeciliter, value >= 100, value < 10_000 {
                secrets.insert(Secret(kind: "a glucose value", text: String(Int(value.rounded(.down)))))
            }
        }
        for event in batch.events {
            add("a native id", native(event.id))
            add("an event note", event.text)
        }
        for calibration in batch.calibrations { add("a transmitter id", calibration.device?.transmitterID) }
        for device in batch.devices { add("a transmitter id", device.info.transmitterID) }
        return secrets.sorted { ($0.kind, $0.text) < ($1.kind, $1.text) }
    }

    /// The payload's own values that must not leak, found by walking the whole
    /// document, rejected records included: every string of 4 characters or more that
    /// holds anything but ASCII letters (ids, serials, device names, notes, times) and
    /// the whole part of every number of 100 or more (glucose values, epoch times).
    /// Messages name fields, never values, so none of these may appear in one.
    /// Strings of letters only are vendor vocabulary (`created`, `alert`) that a fixed
    /// message may name; plant a canary to hunt a name.
    public static func payloadSecrets(of document: JSONValue) -> [Secret] {
        var secrets: Set<Secret> = []
        func walk(_ value: JSONValue, depth: Int) {
            guard depth < 64 else { return }
            switch value {
            case .string(let text)
            where text.count >= 4
                && !text.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) }):
                secrets.insert(Secret(kind: "a payload string", text: text))
            case .number(let number):
                let magnitude = number.doubleValue.magnitude
                if magnitude >= 100, magnitude < 1e15 {
                    secrets.insert(Secret(kind: "a payload number", text: String(Int64(magnitude.rounded(.down)))))
                }
            case .array(let elements):
                for element in elements { walk(element, depth: depth + 1) }
            case .object(let object):
                for member in object.members { walk(member.value, depth: depth + 1) }
            default:
                break
            }
        }
        walk(document, depth: 0)
        return secrets.sorted { ($0.kind, $0.text) < ($1.kind, $1.text) }
    }

    /// Where a secret appears in the renderings of a thrown error; empty when nothing
    /// leaked. Messages name the kind of value, never the value.
    public static func leaks(inError error: any Error, secrets: [Secret]) -> [String] {
        let texts = CanaryCheck.renderings(of: error)
        var problems: Set<String> = []
        for secret in secrets where texts.contains(where: { $0.contains(secret.text) }) {
            problems.insert("\(secret.kind) appears in the thrown error")
        }
        return problems.sorted()
    }

    /// Where a secret or canary appears in the renderings of the batch, its records
    /// and its issues' messages; empty when nothing leaked. Messages name the kind of
    /// value, never the value.
    public static func leaks(in batch: CGMBatch, secrets: [Secret]) -> [String] {
        var texts: [(String, String)] = CanaryCheck.renderings(of: batch).map { ("the batch", $0) }
        func add(_ what: String, _ values: [Any]) {
            for value in values { texts += CanaryCheck.renderings(of: value).map { (what, $0) } }
        }
        add("a reading", batch.readings)
        add("a calibration", batch.calibrations)
        add("an event", batch.events)
        add("an alert", batch.alerts)
        add("a device", batch.devices)
        if let range = batch.dataRange { add("the data range", [range]) }
        texts += batch.issues.map { ("an issue message", $0.message) }
        var problems: Set<String> = []
        for secret in secrets {
            for (what, text) in texts where text.contains(secret.text) {
                problems.insert("\(secret.kind) appears in \(what)")
            }
        }
        return problems.sorted()
    }

    /// Canaries found in the renderings of `value` (an error, a client, a log
    /// event…), as messages that name the canary's position in `canaries`.
    public static func leaks(in value: Any, canaries: [String]) -> [String] {
        let found = CanaryCheck.leaks(in: value, canaries: canaries)
        return found.compactMap { canary in
            canaries.firstIndex(of: canary).map { "canary \($0) appears in \(type(of: value))" }
        }
    }
}

extension AdapterConformance {
    /// The explicit canaries as secrets.
    var canarySecrets: [ConformanceChecks.Secret] {
        canaries.map { ConformanceChecks.Secret(kind: "a canary", text: $0) }
    }
}
