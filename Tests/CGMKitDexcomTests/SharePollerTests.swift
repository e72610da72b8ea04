import CGMKit
import CGMKitDexcom
import CGMKitTesting
import Foundation
import Testing

@Suite("Dexcom Share polling")
struct SharePollerTests {
    static let start: Int64 = 1_745_000_000_000

    /// Share records for the given minute offsets from `start`, newest first.
    static func body(minutes: [Int]) -> String {
        "["
            + minutes.sorted(by: >).map { minute in
                let ms = start + Int64(minute) * 60_000
                return
                    #"{"WT":"Date(\#(ms))","ST":"Date(\#(ms))","DT":"Date(\#(ms)-0400)","Value":\#(100 + minute),"Trend":"Flat"}"#
            }.joined(separator: ",") + "]"
    }

    private func poller(_ server: ShareTestServer, clock: ManualClock) -> DexcomSharePoller {
        let client = DexcomShareClient(
            region: .us, credentials: DexcomShareCredentials(accountName: "a", password: "b"),
            transport: server, clock: clock)
        return DexcomSharePoller(client: client, clock: clock)
    }

    private func query(_ request: HTTPRequest) -> (minutes: Int, maxCount: Int) {
        let items = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        let value = { (name: String) in Int(items.first { $0.name == name }?.value ?? "") ?? -1 }
        return (value("minutes"), value("maxCount"))
    }

    @Test("the first poll asks for 24 hours; the next asks only since the last reading; repeats merge away")
    func asksOnlyForWhatIsMissing() async throws {
        let server = ShareTestServer()
        let clock = ManualClock(CGMInstant(millisecondsSince1970: Self.start + 30 * 60_000))
        let poller = poller(server, clock: clock)
        await server.onRead { _, call in
            .json(200, call == 1 ? Self.body(minutes: [0, 5, 10, 15, 20, 25, 30]) : Self.body(minutes: [25, 30, 35]))
        }
        let first = try await poller.poll()
        #expect(first.readings.count == 7)
        clock.advance(seconds: 330)
        #expect(await poller.nextWindow(now: clock.now()) == (minutes: 7, maxCount: 3))
        let second = try await poller.poll()
        #expect(second.readings.map(\.glucose?.milligramsPerDeciliter) == [135])
        #expect(await poller.knownReadings.count == 8)
    }

    @Test("after a gap the window widens back to the gap to collect backfilled readings")
    func widensAfterGap() async throws {
        let server = ShareTestServer()
        let clock = ManualClock(CGMInstant(millisecondsSince1970: Self.start + 60 * 60_000))
        let poller = poller(server, clock: clock)
        await server.onRead { _, call in
            switch call {
            case 1: .json(200, Self.body(minutes: [0, 5, 10, 45, 50, 55, 60]))  // signal lost 15…40
            default: .json(200, Self.body(minutes: [10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65]))  // backfilled
            }
        }
        _ = try await poller.poll()
        clock.advance(seconds: 300)
        let window = await poller.nextWindow(now: clock.now())
        #expect(window.minutes == 56)  // back to the reading before the gap (minute 10), not just minute 60
        #expect(window.maxCount == 13)
        let second = try await poller.poll()
        #expect(
            second.readings.map { Int($0.glucose?.milligramsPerDeciliter ?? 0) } == [115, 120, 125, 130, 135, 140, 165])
        let request = try #require(await server.readRequests.last)
        #expect(query(request) == (56, 13))
        // The gap is filled: the next poll asks only since the last reading again.
        clock.advance(seconds: 300)
        #expect(await poller.nextWindow(now: clock.now()).minutes == 6)
    }

    @Test("a watch's copy of a reading returned by an earlier poll is not new (SPEC §2.1)")
    func laterCopyIsNotNew() async throws {
        let server = ShareTestServer()
        let clock = ManualClock(CGMInstant(millisecondsSince1970: Self.start + 10 * 60_000))
        let poller = poller(server, clock: clock)
        let copy = Self.start + 10 * 60_000 + 9_000
        await server.onRead { _, call in
            .json(
                200,
                call == 1
                    ? Self.body(minutes: [5, 10])
                    : #"[{"WT":"Date(\#(copy))","ST":"Date(\#(copy))","Value":110,"Trend":"Flat"}]"#)
        }
        #expect(try await poller.poll().readings.count == 2)
        clock.advance(seconds: 60)
        #expect(try await poller.poll().readings.isEmpty)
        #expect(await poller.knownReadings.count == 2)
    }

    @Test("windows never exceed Share's limits")
    func windowsAreBounded() async throws {
        let server = ShareTestServer()
        let clock = ManualClock(CGMInstant(millisecondsSince1970: Self.start))
        let poller = poller(server, clock: clock)
        await server.onRead { _, _ in .json(200, Self.body(minutes: [0])) }
        _ = try await poller.poll()
        clock.advance(seconds: 3 * 24 * 3600)
        #expect(await poller.nextWindow(now: clock.now()) == (minutes: 1440, maxCount: 288))
    }
}
