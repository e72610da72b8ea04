import CGMKit
import CGMKitLibre
import CGMKitSandbox
import CGMKitTesting
import Foundation
import Testing

/// D35–D38 for LibreLinkUp: passwords, tokens, user and patient ids, sensor serials,
/// patient names and glucose values never reach an error, description, dump or log.
extension CanarySweepTests {
    static let libreLinkUp = FixtureDirectory(
        relativeTo: #filePath, path: "../CGMKitLibreTests/Fixtures/librelinkup")

    /// LibreLinkUp keys whose strings identify a person, an account or a device.
    static let libreIdentifierKeys: Set<String> = [
        "id", "patientId", "sn", "deviceId", "did", "firstName", "lastName", "email", "token",
    ]

    /// `value` with every identifier replaced by a canary and every glucose value by 287.25.
    static func plantLibre(_ value: JSONValue, key: String? = nil, canaries: inout Set<String>) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(
                JSONObject(
                    members: object.members.map {
                        JSONObject.Member(key: $0.key, value: plantLibre($0.value, key: $0.key, canaries: &canaries))
                    }))
        case .array(let elements):
            return .array(elements.map { plantLibre($0, key: key, canaries: &canaries) })
        case .string(let text) where key.map(libreIdentifierKeys.contains) == true && !text.isEmpty:
            let canary = "CANARY-LLU-\(canaries.count)"
            canaries.insert(canary)
            return .string(canary)
        case .number where key == "ValueInMgPerDl":
            return .number(JSONNumber(text: "287.25", doubleValue: 287.25))
        default:
            return value
        }
    }

    @Test("D35: every LibreLinkUp fixture, canaries planted, leaks nothing")
    func libreLinkUpPayloadSweep() throws {
        var ledger = LeakLedger()
        var planted = 0
        let names = Self.libreLinkUp.fileNames(withExtension: "json")
        #expect(names.count >= 12)
        for name in names {
            var canaries: Set<String> = ["CANARY", "287.25"]
            let body = JSONWriter(layout: .compact).bytes(
                from: Self.plantLibre(try JSONReader().read(Self.libreLinkUp.bytes(name)), canaries: &canaries))
            do {
                let batch = try LibreLinkUpNormalizer().normalize(body)
                planted += batch.readings.filter { $0.glucose?.milligramsPerDeciliter == 287.25 }.count
                ledger.check(batch: batch, name, canaries: canaries)
            } catch {
                ledger.check(error, "\(name) error", canaries: canaries)
            }
        }
        #expect(ledger.leaks.isEmpty, "\(ledger.leaks.prefix(5))")
        #expect(planted > 100)
    }

    @Test("D36: a LibreLinkUp client flow (rejection, lockout, 920, terms, success) leaks nothing")
    func libreLinkUpClientSweep() async throws {
        let canaries: Set<String> = [
            "CANARY-PASSWORD", "canary-follower@example.org", "CANARY-TOKEN", "ca11ab1e-0000-4000-8000-c0ffee000001",
            "CANARY-PATIENT", "CANARY-SERIAL", "CanaryFirstName", "c0ffee",
        ]
        let login =
            #"{"status":0,"data":{"user":{"id":"ca11ab1e-0000-4000-8000-c0ffee000001","firstName":"CanaryFirstName","email":"canary-follower@example.org"},"authTicket":{"token":"CANARY-TOKEN","expires":4102444800,"duration":1}}}"#
        let answers: [[String]] = [
            [#"{"status":2,"error":{"message":"CANARY-PASSWORD is wrong"}}"#],
            [#"{"status":429,"data":{"code":60,"data":{"lockout":300},"message":"locked CANARY-TOKEN"}}"#],
            [#"{"status":4,"data":{"step":{"type":"CANARY-PATIENT"}}}"#],
            [
                login, #"{"status":0,"data":[{"patientId":"CANARY-PATIENT","firstName":"CanaryFirstName"}]}"#,
                #"{"status":920,"data":{"minimumVersion":"CANARY-TOKEN"}}"#,
            ],
            [
                login, #"{"status":0,"data":[{"patientId":"CANARY-PATIENT"}]}"#,
                #"{"status":0,"data":{"connection":{"sensor":{"sn":"CANARY-SERIAL","pt":4},"firstName":"CanaryFirstName","glucoseMeasurement":{"FactoryTimestamp":"1/1/2026 1:00:00 PM","ValueInMgPerDl":287.25,"TrendArrow":3}}}}"#,
            ],
            ["<html>CANARY-TOKEN Attention Required! | Cloudflare</html>"],
        ]
        var ledger = LeakLedger()
        let sink = CapturingLogSink()
        for script in answers {
            let counter = Counter()
            let transport = ClosureTransport { _ in
                let index = await counter.next()
                return HTTPResponse(statusCode: 200, body: Array(script[min(index, script.count - 1)].utf8))
            }
            let credentials = LibreLinkUpCredentials(email: "canary-follower@example.org", password: "CANARY-PASSWORD")
            let store = InMemoryLibreLinkUpLoginStateStore()
            let client = LibreLinkUpClient(
                region: .eu, credentials: credentials, transport: transport,
                clock: ManualClock(CGMInstant(millisecondsSince1970: 1_767_268_800_000)), sleeper: RecordingSleeper(),
                logSink: sink, loginStateStore: store)
            do {
                let batch = try await client.graph()
                ledger.check(batch: batch, "LibreLinkUp batch", canaries: canaries)
            } catch {
                ledger.check(error, "LibreLinkUp error", canaries: canaries)
            }
            ledger.check(client, "LibreLinkUp client", canaries: canaries)
            ledger.check(credentials, "LibreLinkUp credentials", canaries: canaries)
            ledger.check(await store.load() as Any, "LibreLinkUp login state", canaries: canaries)
            let result = await client.sync(since: nil)
            ledger.check(result, "LibreLinkUp sync result", canaries: canaries)
        }
        for event in sink.events { ledger.check(event, "LibreLinkUp log event", canaries: canaries) }
        #expect(ledger.leaks.isEmpty, "\(ledger.leaks.prefix(5))")
        #expect(!sink.events.isEmpty)
    }
}

/// Counts calls across concurrent senders.
private actor Counter {
    private var value = 0
    func next() -> Int {
        defer { value += 1 }
        return value
    }
}
