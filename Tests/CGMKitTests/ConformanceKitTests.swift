@_spi(AdapterSupport) import CGMKit
import CGMKitTesting
import Foundation
import Testing

/// The conformance suite must catch each kind of broken adapter, or it proves nothing.
@Suite("Conformance kit")
struct ConformanceKitTests {
    /// A toy adapter over `[{"id","ms","mgdl","tx"}]` whose faults can be switched on.
    struct ToyNormalizer: PayloadNormalizer {
        enum Fault: Sendable { case none, dropsLast, unsorted, leaksTransmitter, badOffset, throwsWithSecret }
        let provider: ProviderID = "toy"
        var fault: Fault = .none

        func normalize(_ payload: [UInt8]) throws -> CGMBatch {
            guard let elements = try JSONReader().readPayload(payload).arrayValue else {
                throw CGMError(code: .notAPayload, message: "expected an array")
            }
            if fault == .throwsWithSecret { throw CGMError(code: .notAPayload, message: "bad tx TOYTX-CANARY-42") }
            var readings: [GlucoseReading] = []
            var issues: [NormalizationIssue] = []
            for (index, element) in elements.enumerated() {
                guard let object = element.objectValue, let id = object["id"]?.stringValue,
                    let ms = object["ms"]?.numberValue.map({ Int64($0.doubleValue) }),
                    let value = object["mgdl"]?.numberValue?.doubleValue
                else {
                    issues.append(NormalizationIssue(index: index, code: .invalidRecord, message: "not a toy record"))
                    continue
                }
                let tx = object["tx"]?.stringValue
                var time = RecordTime(instant: CGMInstant(millisecondsSince1970: ms))
                if fault == .badOffset { time.utcOffsetMinutes = 5_000 }
                readings.append(
                    GlucoseReading(
                        id: RecordID(provider: provider, nativeID: id), provider: provider, time: time,
                        glucose: GlucoseValue(milligramsPerDeciliter: value), status: .ok,
                        trend: .flat, trendRate: nil, device: DeviceInfo(transmitterID: tx)))
                if fault == .leaksTransmitter, let tx {
                    issues.append(
                        NormalizationIssue(index: index, code: .invalidValue, message: "odd transmitter \(tx)"))
                }
            }
            readings.sort { $0.time.instant < $1.time.instant }
            if fault == .dropsLast { readings.removeLast() }
            if fault == .unsorted { readings.reverse() }
            return CGMBatch(provider: provider, readings: readings, issues: issues)
        }
    }

    static let payload =
        #"[{"id":"a","ms":1792771200000,"mgdl":123,"tx":"TOYTX-CANARY-42"},{"id":"b","ms":1792771500000,"mgdl":131},7]"#

    /// A fixture folder with one payload and goldens recorded from the faultless adapter.
    static func suite(_ fault: ToyNormalizer.Fault) throws -> AdapterConformance {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("conformance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("goldens"), withIntermediateDirectories: true)
        try Data(payload.utf8).write(to: root.appendingPathComponent("toy.json"))
        let good = try ToyNormalizer().normalize(Array(payload.utf8))
        for unit in GlucoseUnit.allCases {
            let suffix = unit == .milligramsPerDeciliter ? "mgdl" : "mmol"
            try Data(BatchEncoder(unit: unit).encode(good)).write(
                to: root.appendingPathComponent("goldens/toy.\(suffix).json"))
        }
        return AdapterConformance(
            normalizer: ToyNormalizer(fault: fault), fixtures: FixtureDirectory(path: root.path),
            goldens: FixtureDirectory(path: root.appendingPathComponent("goldens").path),
            vendorRecords: AdapterConformance.records(idKey: "id"), canaries: ["TOYTX-CANARY-42"])
    }

    @Test("a correct adapter passes every check")
    func passes() throws {
        #expect(try Self.suite(.none).checkAll().isEmpty)
    }

    @Test(
        "each broken adapter fails the check that guards against it",
        arguments: [
            (ToyNormalizer.Fault.dropsLast, ConformanceFailure.Check.everyRecordAccounted),
            (.unsorted, .sortedAndUnique),
            (.leaksTransmitter, .noLeaks),
            (.badOffset, .schema),
            (.throwsWithSecret, .noLeaks),
        ])
    func catches(fault: ToyNormalizer.Fault, check: ConformanceFailure.Check) throws {
        let failures = try Self.suite(fault).checkAll()
        #expect(failures.contains { $0.check == check }, "\(failures)")
        if fault != .throwsWithSecret {
            #expect(failures.contains { $0.check == .golden })
        }
        for failure in failures {
            #expect(!failure.description.contains("TOYTX-CANARY-42"), "a failure message repeats the secret")
        }
    }

    /// A folder with `payload` as `toy.json` and goldens recorded from the faultless adapter.
    static func folder(_ payload: String) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("conformance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("goldens"), withIntermediateDirectories: true)
        try Data(payload.utf8).write(to: root.appendingPathComponent("toy.json"))
        let good = try ToyNormalizer().normalize(Array(payload.utf8))
        for unit in GlucoseUnit.allCases {
            let suffix = unit == .milligramsPerDeciliter ? "mgdl" : "mmol"
            try Data(BatchEncoder(unit: unit).encode(good)).write(
                to: root.appendingPathComponent("goldens/toy.\(suffix).json"))
        }
        return root
    }

    @Test("a lister that finds 0 vendor records fails loudly instead of checking nothing")
    func zeroRecords() throws {
        let root = try Self.folder(Self.payload)
        let suite = AdapterConformance(
            normalizer: ToyNormalizer(fault: .dropsLast), fixtures: FixtureDirectory(path: root.path),
            goldens: FixtureDirectory(path: root.appendingPathComponent("goldens").path),
            vendorRecords: { _ in [] })
        let failures = suite.checkAll().filter { $0.check == .everyRecordAccounted }
        #expect(failures.map(\.message).contains { $0.contains("found 0 vendor records") }, "\(failures)")
    }

    @Test("an adapter that silently drops every record of a shape the lister misses still fails")
    func zeroRecordsEmptyBatch() throws {
        struct DropsAll: PayloadNormalizer {
            let provider: ProviderID = "toy"
            func normalize(_ payload: [UInt8]) throws -> CGMBatch { CGMBatch(provider: provider) }
        }
        let payload = #"{"readings":[{"id":"a","ms":1792771200000,"mgdl":123}]}"#
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("conformance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("goldens"), withIntermediateDirectories: true)
        try Data(payload.utf8).write(to: root.appendingPathComponent("toy.json"))
        for suffix in ["mgdl", "mmol"] {
            let unit: GlucoseUnit = suffix == "mgdl" ? .milligramsPerDeciliter : .millimolesPerLiter
            try Data(BatchEncoder(unit: unit).encode(CGMBatch(provider: "toy"))).write(
                to: root.appendingPathComponent("goldens/toy.\(suffix).json"))
        }
        let suite = AdapterConformance(
            normalizer: DropsAll(), fixtures: FixtureDirectory(path: root.path),
            goldens: FixtureDirectory(path: root.appendingPathComponent("goldens").path))
        #expect(suite.checkAll().map(\.check) == [.everyRecordAccounted])
    }

    @Test("values of a record the adapter rejected are hunted too")
    func rejectedRecordLeak() throws {
        // The third record is rejected with an issue whose message repeats its id.
        struct Echo: PayloadNormalizer {
            let provider: ProviderID = "toy"
            func normalize(_ payload: [UInt8]) throws -> CGMBatch {
                var batch = try ToyNormalizer().normalize(payload)
                batch.issues = [
                    NormalizationIssue(index: 2, code: .invalidRecord, message: "record rej-4711 is not a toy record")
                ]
                return batch
            }
        }
        let root = try Self.folder(
            #"[{"id":"a","ms":1792771200000,"mgdl":123},{"id":"b","ms":1792771500000,"mgdl":131},{"id":"rej-4711"}]"#)
        let suite = AdapterConformance(
            normalizer: Echo(), fixtures: FixtureDirectory(path: root.path),
            goldens: FixtureDirectory(path: root.appendingPathComponent("goldens").path),
            vendorRecords: AdapterConformance.records(idKey: "id"))
        let leaks = suite.checkAll().filter { $0.check == .noLeaks }
        #expect(leaks.map(\.message) == ["a payload string appears in an issue message"])
        #expect(!leaks.map(\.description).joined().contains("rej-4711"))
    }

    @Test("a missing or empty fixtures folder fails; it never passes with zero cases", arguments: [true, false])
    func noFixtures(folderExists: Bool) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("conformance-\(UUID().uuidString)")
        if folderExists { try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true) }
        let suite = AdapterConformance(
            normalizer: ToyNormalizer(), fixtures: FixtureDirectory(path: root.path),
            goldens: FixtureDirectory(path: root.path))
        #expect(suite.fixtureNames == [AdapterConformance.noFixtures])
        #expect(suite.checkAll().map(\.check) == [.fixtures])
    }

    @Test("a goldens folder owned by another suite fails instead of being compared or overwritten")
    func goldensOwner() throws {
        let root = try Self.folder(Self.payload)
        let goldens = FixtureDirectory(path: root.appendingPathComponent("goldens").path)
        try Data("provider: other\nfixtures: ..\n".utf8).write(
            to: URL(fileURLWithPath: goldens.file(AdapterConformance.goldensOwnerFile)))
        let suite = AdapterConformance(
            normalizer: ToyNormalizer(), fixtures: FixtureDirectory(path: root.path),
            goldens: goldens, vendorRecords: AdapterConformance.records(idKey: "id"))
        let failures = suite.checkAll()
        #expect(failures.map(\.check) == [.golden])
        #expect(failures.first?.message.contains("belongs to another suite") == true)
        // The suite's own claim passes.
        try Data("provider: toy\nfixtures: ..\n".utf8).write(
            to: URL(fileURLWithPath: goldens.file(AdapterConformance.goldensOwnerFile)))
        #expect(suite.checkAll().isEmpty)
    }

    @Test("a record merged as a relayed copy is accounted; one dropped silently is not")
    func relayedCopies() throws {
        struct Relaying: PayloadNormalizer {
            let provider: ProviderID = "toy"
            var dropsCopy: Bool
            func normalize(_ payload: [UInt8]) throws -> CGMBatch {
                let batch = try ToyNormalizer().normalize(payload)
                var assembler = BatchAssembler(provider: provider, relayedCopies: dropsCopy ? .uploaderRelayed : nil)
                for reading in batch.readings { assembler.add(reading, index: nil) }
                var result = assembler.makeBatch()
                if !dropsCopy { result.readings.removeLast() }  // a silent loss, not a copy
                return result
            }
        }
        let payload =
            #"[{"id":"a","ms":1792771200000,"mgdl":123},{"id":"b","ms":1792771209000,"mgdl":123},{"id":"c","ms":1792771500000,"mgdl":131}]"#
        for dropsCopy in [true, false] {
            let batch = try Relaying(dropsCopy: dropsCopy).normalize(Array(payload.utf8))
            let records = AdapterConformance.records(idKey: "id")(try JSONReader().read(Array(payload.utf8)))
            let problems = ConformanceChecks.accounting(
                batch, records: records, provider: "toy",
                normalizer: Relaying(dropsCopy: dropsCopy))
            #expect(problems.isEmpty == dropsCopy, "\(problems)")
        }
    }

    @Test("the bundled schemas are exactly the files in Schemas/")
    func bundledSchemasMatch() throws {
        let schemas = FixtureDirectory(relativeTo: #filePath, path: "../../Schemas")
        let names = schemas.fileNames(withExtension: "json")
        #expect(Set(names) == Set(BundledSchemas.documents.keys))
        for name in names {
            #expect(
                String(decoding: try schemas.bytes(name), as: UTF8.self)
                    == BundledSchemas.documents[name].map { $0 + "\n" },
                "\(name): run python3 Scripts/embed-schemas.py")
        }
    }

    static let toySchema = #"""
        {"type":"object","required":["n","s"],"additionalProperties":false,
         "properties":{"n":{"type":"integer","minimum":0,"maximum":10},
                       "s":{"type":"string","pattern":"^[a-z]+$","minLength":2},
                       "e":{"enum":["x","y"]},
                       "o":{"oneOf":[{"type":"string"},{"type":"number"}]},
                       "r":{"$ref":"other.json#/$defs/flag"}}}
        """#

    @Test(
        "the schema validator accepts valid values and names each broken rule",
        arguments: [
            (#"{"n":3,"s":"ab"}"#, nil), (#"{"n":3,"s":"ab","e":"x","o":1,"r":true}"#, nil),
            (#"{"n":3.5,"s":"ab"}"#, "type"), (#"{"n":11,"s":"ab"}"#, "maximum"), (#"{"n":1,"s":"AB"}"#, "pattern"),
            (#"{"n":1,"s":"a"}"#, "minLength"), (#"{"n":1}"#, "required"),
            (#"{"n":1,"s":"ab","z":0}"#, "additionalProperties"),
            (#"{"n":1,"s":"ab","e":"q"}"#, "enum"), (#"{"n":1,"s":"ab","o":null}"#, "oneOf"),
            (#"{"n":1,"s":"ab","r":1}"#, "type"),
        ] as [(String, String?)])
    func validator(instance: String, brokenRule: String?) throws {
        let validator = try JSONSchemaValidator(documents: [
            "toy.json": Self.toySchema,
            "other.json": #"{"$defs":{"flag":{"type":"boolean"}}}"#,
        ])
        let violations = validator.validate(try JSONReader().read(Array(instance.utf8)), against: "toy.json")
        if let brokenRule {
            #expect(violations.contains { $0.rule.hasSuffix(brokenRule) }, "\(violations)")
        } else {
            #expect(violations.isEmpty, "\(violations)")
        }
    }

    @Test("a keyword the validator does not know is a violation, not a silent pass")
    func unknownKeyword() throws {
        let validator = try JSONSchemaValidator(documents: ["s.json": #"{"type":"string","format":"date-time"}"#])
        #expect(validator.validate(.string("x"), against: "s.json").map(\.rule) == ["s.json: format"])
    }

    @Test("real batches of every record kind validate against the bundled schemas")
    func realBatchesValidate() throws {
        let validator = try JSONSchemaValidator(documents: BundledSchemas.documents)
        let good = try ToyNormalizer().normalize(Array(Self.payload.utf8))
        for unit in GlucoseUnit.allCases {
            let json = try JSONReader().read(BatchEncoder(unit: unit).encode(good))
            #expect(validator.validate(json, against: "batch.schema.json").isEmpty)
        }
    }
}
