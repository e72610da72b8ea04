import CGMKit

/// The checks SPEC §7 asks of every adapter, run over a folder of recorded payloads.
///
/// For each fixture `NAME.json` (or `NAME.csv` and so on, for exported files, with a
/// ``RawRecordLister``) it checks that:
/// 1. **normalizes**: the payload normalizes without throwing;
/// 2. **golden**: the output in each unit equals `NAME.mgdl.json` / `NAME.mmol.json`
///    in the goldens folder (re-record with `CGMKIT_RECORD_GOLDENS=1`);
/// 3. **sortedAndUnique**: readings, calibrations, events and alerts are sorted by
///    time, then id, and unique by id;
/// 4. **everyRecordAccounted**: every vendor record is normalized, merged with an
///    identical repeat or as a relayed copy (SPEC §2.1), or reported as an issue at
///    its index; a payload whose lister finds no vendor record while the batch holds
///    records fails ("found 0 vendor records");
/// 5. **schema**: the output in each unit validates against `Schemas/`;
/// 6. **noLeaks**: no canary and no value of the payload itself (every string of 4
///    characters or more, every number of 100 or more, including those of records
///    the adapter rejected) appears in any issue message, thrown error, description,
///    `dump()` or Mirror walk of the batch and its records.
///
/// A fixtures folder that is missing or holds no payload fails (``fixtureNames``
/// then names one placeholder case, so a parameterized test cannot pass with zero
/// cases). A goldens folder belongs to one suite: the first recording writes
/// ``goldensOwnerFile`` naming the provider and the fixtures folder, and a suite with
/// another provider or fixtures folder fails instead of overwriting its goldens.
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
    /// How to list the vendor records of a payload that is not JSON (a CSV export), from
    /// its bytes: one ``VendorRecord`` per data row (its `content` the row's fields as a
    /// JSON array), leaving out the rows the adapter documents as no record (a title
    /// line, an untimed preamble). `nil` when the bytes cannot be listed.
    public typealias RawRecordLister = @Sendable ([UInt8]) -> [VendorRecord]?

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
    /// The fixtures' file extension: `json`, or `csv` for exported files.
    public var fixtureExtension: String = "json"
    /// Lists the records of a non-JSON payload (``RawRecordLister``); used instead of
    /// ``vendorRecords`` when set.
    public var rawRecords: RawRecordLister?

    /// Creates a suite. `vendorRecords` defaults to "the elements of a top-level array
    /// or of a top-level `records` array, without native ids".
    public init(
        normalizer: any PayloadNormalizer, fixtures: FixtureDirectory, goldens: FixtureDirectory,
        units: [GlucoseUnit] = GlucoseUnit.allCases,
        vendorRecords: @escaping RecordLister = AdapterConformance.records(idKey: nil),
        canaries: [String] = []
    ) {
        self.normalizer = normalizer
        self.fixtures = fixtures
        self.goldens = goldens
        self.units = units
        self.vendorRecords = vendorRecords
        self.canaries = canaries
        self.validator = try? JSONSchemaValidator(documents: BundledSchemas.documents)
    }

    /// Creates a suite for payloads that are not JSON (CSV exports): fixtures
    /// `NAME.<fixtureExtension>`, records listed from the bytes by `rawRecords` and
    /// accounted by row (every data row is a record, an identical repeat, or an issue at
    /// its row number).
    public init(
        normalizer: any PayloadNormalizer, fixtures: FixtureDirectory, goldens: FixtureDirectory,
        fixtureExtension: String, rawRecords: @escaping RawRecordLister,
        units: [GlucoseUnit] = GlucoseUnit.allCases, canaries: [String] = []
    ) {
        self.init(normalizer: normalizer, fixtures: fixtures, goldens: goldens, units: units, canaries: canaries)
        self.fixtureExtension = fixtureExtension
        self.rawRecords = rawRecords
    }

    /// The fixture file names, sorted: the arguments of a parameterized test. When the
    /// folder is missing or holds no `.json` file, the one name ``noFixtures``, whose
    /// check fails.
    public var fixtureNames: [String] {
        let names = (try? fixtures.listFileNames(withExtension: fixtureExtension)) ?? []
        return names.isEmpty ? [Self.noFixtures] : names
    }

    /// The placeholder fixture name of a missing or empty fixtures folder.
    public static let noFixtures = "(no fixtures found)"

    /// The file in a goldens folder that names the suite owning it.
    public static let goldensOwnerFile = ".cgmkit-goldens-owner"

    /// Every failure of the fixture `name`; empty when it conforms.
    public func check(fixture name: String) -> [ConformanceFailure] {
        var failures: [ConformanceFailure] = []
        func fail(_ check: ConformanceFailure.Check, _ message: String) {
            failures.append(ConformanceFailure(fixture: name, check: check, message: message))
        }
        guard name != Self.noFixtures else {
            fail(.fixtures, "the fixtures folder does not exist or holds no .\(fixtureExtension) payload")
            return failures
        }
        let payload: [UInt8]
        do {
            payload = try fixtures.bytes(name)
        } catch {
            fail(.normalizes, "the fixture cannot be read")
            return failures
        }
        let rawListed = rawRecords.map { $0(payload) }
        let document = rawRecords == nil ? try? JSONReader().read(payload) : nil
        let payloadSecrets =
            document.map(ConformanceChecks.payloadSecrets(of:))
            ?? rawListed.map { ConformanceChecks.payloadSecrets(of: .array(($0 ?? []).map(\.content))) } ?? []
        let batch: CGMBatch
        do {
            batch = try normalizer.normalize(payload)
        } catch {
            fail(.normalizes, "normalizing threw \(Self.describe(error))")
            for leak in ConformanceChecks.leaks(in: error, canaries: canaries) {
                fail(.noLeaks, leak)
            }
            for leak in ConformanceChecks.leaks(inError: error, secrets: payloadSecrets) {
                fail(.noLeaks, leak)
            }
            return failures
        }
        if batch.provider != normalizer.provider { fail(.normalizes, "the batch names another provider") }

        let ownsGoldens: Bool
        do {
            try GoldensOwner(provider: normalizer.provider, fixtures: fixtures, goldens: goldens).claim()
            ownsGoldens = true
        } catch {
            fail(.golden, "\(error)")
            ownsGoldens = false
        }
        for unit in units {
            let encoded = BatchEncoder(unit: unit).encode(batch)
            let suffix = "." + fixtureExtension
            let stem = name.hasSuffix(suffix) ? String(name.dropLast(suffix.count)) : name
            let golden = GoldenFile(path: goldens.file("\(stem).\(Self.suffix(unit)).json"))
            if ownsGoldens {
                do {
                    try golden.verify(encoded)
                } catch {
                    fail(.golden, "\(error)")
                }
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
        if let rawListed {
            if let records = rawListed {
                // Rows are accounted one by one: two identical rows are two records (a
                // LibreView fall-back hour repeats rows byte for byte), so each row's
                // content is made unique by its position before rows are counted.
                let rows = records.map { record in
                    var row = record
                    row.content = .array([.string("row \(record.index)"), record.content])
                    return row
                }
                failures += ConformanceChecks.accounting(batch, records: rows, provider: normalizer.provider).map {
                    ConformanceFailure(fixture: name, check: .everyRecordAccounted, message: $0)
                }
            } else {
                fail(.everyRecordAccounted, "the lister cannot list the payload's rows")
            }
        } else if let document {
            let records = vendorRecords(document)
            if records.isEmpty, let key = Self.nonEmptyArrayKey(in: document) {
                fail(
                    .everyRecordAccounted,
                    "found 0 vendor records, but the payload holds a non-empty array under \(key): pass a vendorRecords lister that finds them"
                )
            }
            failures += ConformanceChecks.accounting(
                batch, records: records, provider: normalizer.provider,
                normalizer: normalizer
            ).map {
                ConformanceFailure(fixture: name, check: .everyRecordAccounted, message: $0)
            }
        } else {
            fail(.everyRecordAccounted, "the payload is not JSON, so its records cannot be listed")
        }
        let secrets = canarySecrets + ConformanceChecks.payloadSecrets(of: batch) + payloadSecrets
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
        records(idKeys: idKey.map { [$0] } ?? [], arrayKeys: ["records"])
    }

    /// Lists the elements of a top-level array, or of the array under the first of
    /// `arrayKeys` a top-level object holds (`records`, Nightscout API v3's `result`,
    /// `readings`), taking each element's native id from the first of `idKeys` it has
    /// (a string or number member). Each record also carries the payload with only
    /// itself in the array (``VendorRecord/isolatedPayload``), so that a record merged
    /// as a relayed copy can be told from one that vanished.
    public static func records(idKeys: [String], arrayKeys: [String]) -> RecordLister {
        { document in
            var elements: [JSONValue] = []
            var isolate: (JSONValue) -> JSONValue = { .array([$0]) }
            if let array = document.arrayValue {
                elements = array
            } else if let object = document.objectValue,
                let key = arrayKeys.first(where: { object[$0]?.arrayValue != nil })
            {
                elements = object[key]?.arrayValue ?? []
                isolate = { element in
                    .object(
                        JSONObject(
                            members: object.members.map {
                                $0.key == key ? JSONObject.Member(key: key, value: .array([element])) : $0
                            }))
                }
            }
            return elements.enumerated().map { index, element in
                var nativeID: String?
                for idKey in idKeys {
                    if let value = element.objectValue?[idKey], nativeID == nil {
                        nativeID = value.stringValue ?? value.numberValue?.text
                    }
                }
                return VendorRecord(
                    index: index, nativeID: nativeID, content: element, isolatedPayload: isolate(element))
            }
        }
    }

    /// The key of a non-empty array at the payload's top level (`"[]"` for a top-level
    /// array), or `nil`: where records a lister missed would be.
    static func nonEmptyArrayKey(in document: JSONValue) -> String? {
        if let array = document.arrayValue { return array.isEmpty ? nil : "the top level" }
        return document.objectValue?.members.first { !($0.value.arrayValue?.isEmpty ?? true) }.map { "`\($0.key)`" }
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
