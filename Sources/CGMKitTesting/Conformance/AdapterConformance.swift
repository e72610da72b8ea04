import CGMKit

/// The checks SPEC §7 asks of every adapter, run over a folder of recorded payloads.
///
/// For each fixture `NAME.json` it checks that:
/// 1. **normalizes**: the payload normalizes without throwing;
/// 2. **golden**: the output in each unit equals `NAME.mgdl.json` / `NAME.mmol.json`
///    in the goldens folder (re-record with `CGMKIT_RECORD_GOLDENS=1`);
/// 3. **sortedAndUnique**: readings, calibrations, events and alerts are sorted by
///    time, then id, and unique by id;
/// 4. **everyRecordAccounted**: every vendor record is normalized, merged with an
///    identical repeat, or reported as an issue at its index;
/// 5. **schema**: the output in each unit validates against `Schemas/`;
/// 6. **noLeaks**: no canary and no native id, transmitter id or glucose value of the
///    payload appears in any issue message, thrown error, description, `dump()` or
///    Mirror walk of the batch and its records.
///
/// It returns failures instead of asserting, so it works with any test framework:
///
/// ```swift
/// let conformance = AdapterConformance(
///     normalizer: NightscoutNormalizer(),
///     fixtures: FixtureDirectory(relativeTo: #filePath, path: "Fixtures/payloads"),
///     goldens: FixtureDirectory(relativeTo: #filePath, path: "Goldens"),
///     vendorRecords: AdapterConformance.records(idKey: "_id"))
///
/// @Test(arguments: conformance.fixtureNames)
/// func conforms(fixture: String) {
///     for failure in conformance.check(fixture: fixture) { Issue.record("\(failure)") }
/// }
/// ```
public struct AdapterConformance: Sendable {
    /// How to list the vendor records inside a parsed payload.
    public typealias RecordLister = @Sendable (JSONValue) -> [VendorRecord]

    /// The normalizer under test.
    public var normalizer: any PayloadNormalizer
    /// Recorded payloads (`*.json`).
    public var fixtures: FixtureDirectory
    /// Expected outputs (`NAME.mgdl.json`, `NAME.mmol.json`).
    public var goldens: FixtureDirectory
    /// The units goldens are kept in.
    public var units: [GlucoseUnit]
    /// Lists a payload's vendor records for the accounting check.
    public var vendorRecords: RecordLister
    /// Strings planted in fixtures that must never appear in any rendering.
    public var canaries: [String]
    /// Checks the output against `Schemas/`; `nil` (the bundled schemas did not
    /// parse) fails every schema check rather than skipping it.
    public var validator: JSONSchemaValidator?

    /// Creates a suite. `vendorRecords` defaults to "the elements of a top-level array
    /// or of a top-level `records` array, without native ids".
    public init(normalizer: any PayloadNormalizer, fixtures: FixtureDirectory, goldens: FixtureDirectory,
                units: [GlucoseUnit] = GlucoseUnit.allCases,
                vendorRecords: @escaping RecordLister = AdapterConformance.records(idKey: nil),
                canaries: [String] = []) {
        self.normalizer = normalizer
        self.fixtures = fixtures
        self.goldens = goldens
        self.units = units
        self.vendorRecords = vendorRecords
        self.canaries = canaries
        self.validator = try? JSONSchemaValidator(documents: BundledSchemas.documents)
    }

    /// The fixture file names, sorted: the arguments of a parameterized test.
    public var fixtureNames: [String] {
        fixtures.fileNames(withExtension: "json")
    }

    /// Every failure of the fixture `name`; empty when it conforms.
    public func check(fixture name: String) -> [ConformanceFailure] {
        var failures: [ConformanceFailure] = []
        func fail(_ check: ConformanceFailure.Check, _ message: String) {
            failures.append(ConformanceFailure(fixture: name, check: check, message: message))
        }
        let payload: [UInt8]
        do {
            payload = try fixtures.bytes(name)
        } catch {
            fail(.normalizes, "the fixture cannot be read")
            return failures
        }
        let batch: CGMBatch
        do {
            batch = try normalizer.normalize(payload)
        } catch {
            fail(.normalizes, "normalizing threw \(Self.describe(error))")
            for leak in ConformanceChecks.leaks(in: error, canaries: canaries) {
                fail(.noLeaks, leak)
            }
            return failures
        }
        if batch.provider != normalizer.provider { fail(.normalizes, "the batch names another provider") }

        for unit in units {
            let encoded = BatchEncoder(unit: unit).encode(batch)
            let stem = name.hasSuffix(".json") ? String(name.dropLast(5)) : name
            let golden = GoldenFile(path: goldens.file("\(stem).\(Self.suffix(unit)).json"))
            do {
                try golden.verify(encoded)
            } catch {
                fail(.golden, "\(error)")
            }
            guard let validator else {
                fail(.schema, "the bundled schemas cannot be read, so the output cannot be checked")
                continue
            }
            guard let json = try? JSONReader().read(encoded) else {
                fail(.schema, "the encoder wrote bytes that are not JSON")
                continue
            }
            for violation in validator.validate(json, against: "batch.schema.json").prefix(20) {
                fail(.schema, "\(Self.suffix(unit)) \(violation)")
            }
        }
        failures += ConformanceChecks.sortedAndUnique(batch).map {
            ConformanceFailure(fixture: name, check: .sortedAndUnique, message: $0)
        }
        if let document = try? JSONReader().read(payload) {
            let records = vendorRecords(document)
            failures += ConformanceChecks.accounting(batch, records: records, provider: normalizer.provider).map {
                ConformanceFailure(fixture: name, check: .everyRecordAccounted, message: $0)
            }
        }
        let secrets = canarySecrets + ConformanceChecks.payloadSecrets(of: batch)
        failures += ConformanceChecks.leaks(in: batch, secrets: secrets).map {
            ConformanceFailure(fixture: name, check: .noLeaks, message: $0)
        }
        return failures
    }

    /// Every failure of every fixture.
    public func checkAll() -> [ConformanceFailure] {
        fixtureNames.flatMap { check(fixture: $0) }
    }

    /// Lists the elements of a top-level array, or of the array under `records` in a
    /// top-level object, taking each element's native id from `idKey` (a string or
    /// number member) when given.
    public static func records(idKey: String?) -> RecordLister {
        { document in
            let elements = document.arrayValue ?? document.objectValue?["records"]?.arrayValue ?? []
            return elements.enumerated().map { index, element in
                var nativeID: String?
                if let idKey, let value = element.objectValue?[idKey] {
                    nativeID = value.stringValue ?? value.numberValue?.text
                }
                return VendorRecord(index: index, nativeID: nativeID, content: element)
            }
        }
    }

    static func suffix(_ unit: GlucoseUnit) -> String {
        unit == .milligramsPerDeciliter ? "mgdl" : "mmol"
    }

    /// An error's type and code, never its text (which the leak check covers).
    static func describe(_ error: any Error) -> String {
        if let error = error as? CGMError { return "CGMError(\(error.code))" }
        return "\(type(of: error))"
    }
}

/// One record of a vendor payload, as the accounting check sees it.
public struct VendorRecord: Sendable, Hashable {
    /// Its position in the vendor array (issues name it).
    public var index: Int
    /// The vendor's id for it; the adapter's output ids are `provider:nativeID`, or
    /// `provider:nativeID#part` when one vendor record becomes several.
    /// `nil` when the record carries none (then it is accounted by count).
    public var nativeID: String?
    /// The record itself; identical repeats are merged by the batch rules.
    public var content: JSONValue

    /// Creates a vendor record.
    public init(index: Int, nativeID: String?, content: JSONValue) {
        self.index = index
        self.nativeID = nativeID
        self.content = content
    }
}

/// A conformance check that did not hold. Messages name checks, fields and counts,
/// never payload values.
public struct ConformanceFailure: Sendable, Hashable, CustomStringConvertible {
    /// The checks of ``AdapterConformance``.
    public enum Check: String, Sendable, Hashable, CaseIterable {
        /// The payload normalizes.
        case normalizes
        /// The output equals the golden file.
        case golden
        /// Timed records are sorted and unique.
        case sortedAndUnique
        /// Every vendor record is normalized, merged or reported.
        case everyRecordAccounted
        /// The output validates against `Schemas/`.
        case schema
        /// Nothing secret or health-related appears in renderings.
        case noLeaks
    }

    /// The fixture file.
    public let fixture: String
    /// The check that failed.
    public let check: Check
    /// What went wrong.
    public let message: String

    /// `egvs.json: golden: …`.
    public var description: String { "\(fixture): \(check.rawValue): \(message)" }
}
