@_spi(AdapterSupport) import CGMKit
import CGMKitTesting
import Foundation
import Testing

/// Every golden batch under `Tests/*/Goldens` (Dexcom v3, Share, Nightscout, export inputs).
let goldenBatchPaths: [String] = {
    let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    var paths: [String] = []
    let suites = (try? FileManager.default.contentsOfDirectory(atPath: tests.path)) ?? []
    for suite in suites.sorted() {
        let goldens = tests.appendingPathComponent(suite).appendingPathComponent("Goldens")
        guard let walker = FileManager.default.enumerator(atPath: goldens.path) else { continue }
        for case let relative as String in walker where relative.hasSuffix(".json") {
            let path = goldens.appendingPathComponent(relative).path
            if let bytes = FileManager.default.contents(atPath: path),
                String(decoding: bytes.prefix(64), as: UTF8.self).contains("\"cgmkit.batch.v1\"")
            {
                paths.append(path)
            }
        }
    }
    return paths.sorted()
}()

private func bytes(_ path: String) throws -> [UInt8] {
    try #require(FileManager.default.contents(atPath: path).map { [UInt8]($0) })
}

@Suite("Batch decoder (SPEC §12: cgmkit.batch.v1 JSON decodes back into a batch)")
struct BatchDecoderTests {
    @Test("There are goldens to round-trip")
    func goldensFound() {
        #expect(goldenBatchPaths.count >= 60)
    }

    @Test("encode → decode → encode gives the same bytes, pretty and compact", arguments: goldenBatchPaths)
    func roundTrip(path: String) throws {
        let original = try bytes(path)
        let decoded = try BatchDecoder().decode(original)
        #expect(BatchEncoder(unit: decoded.unit).encode(decoded.batch) == original)
        let compact = BatchEncoder(unit: decoded.unit, layout: .compact).encode(decoded.batch)
        let again = try BatchDecoder().decode(compact)
        #expect(again == decoded)
        #expect(BatchEncoder(unit: again.unit, layout: .compact).encode(again.batch) == compact)
    }

    @Test(
        "A mg/dL golden decoded and written in mmol/L is its mmol/L golden",
        arguments:
            goldenBatchPaths.filter { $0.hasSuffix(".mgdl.json") })
    func unitsAgree(path: String) throws {
        let mmolPath = String(path.dropLast(".mgdl.json".count)) + ".mmol.json"
        guard FileManager.default.fileExists(atPath: mmolPath) else { return }
        let decoded = try BatchDecoder().decode(try bytes(path))
        #expect(decoded.unit == .milligramsPerDeciliter)
        #expect(BatchEncoder(unit: .millimolesPerLiter).encode(decoded.batch) == (try bytes(mmolPath)))
    }

    @Test(
        "Not a batch: typed errors with fixed messages",
        arguments: [
            ("", "notAPayload"), ("not json", "notAPayload"), ("[]", "notAPayload"), ("null", "notAPayload"),
            (#"{"schema":"cgmkit.batch.v2"}"#, "unsupportedPayloadVersion"),
            (#"{"provider":"x"}"#, "notAPayload"),
            (
                #"{"schema":"cgmkit.batch.v1","provider":"x","readings":[],"calibrations":[],"events":[],"alerts":[],"devices":[],"dataRange":null}"#,
                "notAPayload"
            ),
            (
                #"{"schema":"cgmkit.batch.v1","provider":"x","readings":[],"calibrations":[],"events":[],"alerts":[],"devices":[],"dataRange":null,"issues":[],"extra":1}"#,
                "notAPayload"
            ),
            (
                #"{"schema":"cgmkit.batch.v1","schema":"cgmkit.batch.v1","provider":"x","readings":[],"calibrations":[],"events":[],"alerts":[],"devices":[],"dataRange":null,"issues":[]}"#,
                "notAPayload"
            ),
        ])
    func notABatch(text: String, code: String) {
        #expect {
            try BatchDecoder().decode(Array(text.utf8))
        } throws: { error in
            (error as? CGMError)?.code.description == code
        }
    }

    @Test("A reading's fields are checked: time form, vocabularies, unit, negative values, mixed units")
    func readingRules() throws {
        let good =
            #"{"id":"sandbox:1","provider":"sandbox","time":"2025-01-30T23:49:55Z","value":101,"unit":"mg/dL","status":"ok","trend":"flat","trendRate":null}"#
        func batch(_ readings: String...) -> [UInt8] {
            Array(
                #"{"schema":"cgmkit.batch.v1","provider":"sandbox","readings":[\#(readings.joined(separator: ","))],"calibrations":[],"events":[],"alerts":[],"devices":[],"dataRange":null,"issues":[]}"#
                    .utf8)
        }
        let decoded = try BatchDecoder().decode(batch(good))
        #expect(decoded.batch.readings.first?.glucose == GlucoseValue(milligramsPerDeciliter: 101))
        let bad = [
            good.replacingOccurrences(of: "23:49:55Z", with: "23:49:55+01:00"),
            good.replacingOccurrences(of: "23:49:55Z", with: "23:49:55.000Z"),
            good.replacingOccurrences(of: "23:49:55Z", with: "23:49:55"),
            good.replacingOccurrences(of: "\"flat\"", with: "\"Flat\""),
            good.replacingOccurrences(of: "\"ok\"", with: "\"high\""),
            good.replacingOccurrences(of: "\"mg/dL\"", with: "\"mg/dl\""),
            good.replacingOccurrences(of: "101", with: "-1"),
            good.replacingOccurrences(of: "101", with: "\"101\""),
            good.replacingOccurrences(of: ",\"trendRate\":null", with: ""),
            good.replacingOccurrences(of: "\"sandbox:1\"", with: "\"\""),
            good.replacingOccurrences(of: "101", with: "1e300"),
            good.replacingOccurrences(of: "\"ok\"", with: "\"unavailable\""),
            good.replacingOccurrences(of: "101", with: "null"),
            good.replacingOccurrences(of: "\"trendRate\":null", with: "\"trendRate\":-1e200"),
        ]
        for reading in bad {
            #expect(throws: CGMError.self) { try BatchDecoder().decode(batch(reading)) }
        }
        // SPEC §2.2's bound: 600 mg/dL (33.3 mmol/L) is the most a sensor reads; 601 is refused.
        #expect(throws: Never.self) {
            try BatchDecoder().decode(batch(good.replacingOccurrences(of: "101", with: "600")))
        }
        #expect {
            try BatchDecoder().decode(batch(good.replacingOccurrences(of: "101", with: "601")))
        } throws: { error in
            (error as? CGMError)?.message
                == "not a cgmkit.batch.v1 batch: readings[0].value is above what a sensor measures"
        }
        // SPEC §2.1: records are unique by id; the message names the position, not the id.
        let later = good.replacingOccurrences(of: "23:49:55Z", with: "23:54:55Z")
        #expect {
            try BatchDecoder().decode(batch(good, later))
        } throws: { error in
            (error as? CGMError)?.message
                == "not a cgmkit.batch.v1 batch: readings[1].id repeats an earlier record's id"
        }
        let mmol = good.replacingOccurrences(of: "101", with: "5.6").replacingOccurrences(of: "mg/dL", with: "mmol/L")
            .replacingOccurrences(of: "sandbox:1", with: "sandbox:2")
        #expect(try BatchDecoder().decode(batch(mmol)).unit == .millimolesPerLiter)
        #expect {
            try BatchDecoder().decode(batch(good, mmol))
        } throws: { error in
            (error as? CGMError)?.message.contains("both mg/dL and mmol/L") == true
        }
    }

    @Test("Mutated goldens never trap; what decodes re-encodes to a batch that decodes to the same value")
    func mutations() throws {
        var random = SplitMix64(seed: 17)
        var decodedCount = 0
        for path in goldenBatchPaths.prefix(40) {
            let original = try bytes(path)
            for _ in 0..<60 {
                var mutated = original
                let position = Int(random.next() % UInt64(mutated.count))
                switch random.next() % 3 {
                case 0: mutated[position] = UInt8(truncatingIfNeeded: random.next())
                case 1: mutated.remove(at: position)
                default: mutated.insert(Array("0\",-:{}[]e.".utf8)[Int(random.next() % 11)], at: position)
                }
                guard let decoded = try? BatchDecoder().decode(mutated) else { continue }
                decodedCount += 1
                let encoded = BatchEncoder(unit: decoded.unit).encode(decoded.batch)
                let again = try BatchDecoder().decode(encoded)
                #expect(BatchEncoder(unit: again.unit).encode(again.batch) == encoded)
            }
        }
        #expect(decodedCount > 0)
    }

    @Test("Error messages carry no values from the document (canaries)")
    func noValuesInMessages() {
        let canary = "CANARY-4242"
        let text =
            #"{"schema":"cgmkit.batch.v1","provider":"sandbox","readings":[{"id":"\#(canary)","provider":"sandbox","time":"\#(canary)","value":4242,"unit":"mg/dL","status":"ok","trend":"flat","trendRate":null,"\#(canary)":1}],"calibrations":[],"events":[],"alerts":[],"devices":[],"dataRange":null,"issues":[]}"#
        do {
            _ = try BatchDecoder().decode(Array(text.utf8))
            Issue.record("expected an error")
        } catch {
            #expect(!"\(error)".contains(canary))
            #expect(!"\(error)".contains("4242"))
        }
    }
}
