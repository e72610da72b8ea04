import CGMKit
import CGMKitDexcom
import CGMKitTesting
import Testing

/// Dexcom Share through `CGMSyncSource`: what one read can and cannot cover.
@Suite("Dexcom Share sync")
struct ShareSyncTests {
    static let now = CGMInstant(millisecondsSince1970: 1_745_081_013_817)

    /// `count` readings, newest first, every `spacing` seconds before `now`; with
    /// `copies`, each also uploaded by a watch 10 s later.
    static func readings(count: Int, spacing: Int64, copies: Bool) -> String {
        var elements: [String] = []
        for index in 0..<count {
            let time = now.millisecondsSince1970 - 60_000 - Int64(index) * spacing * 1000
            func element(_ ms: Int64) -> String {
                #"{"WT":"Date(\#(ms))","ST":"Date(\#(ms))","DT":"Date(\#(ms)-0400)","Value":\#(100 + index % 50),"Trend":"Flat"}"#
            }
            if copies { elements.append(element(time + 10_000)) }
            elements.append(element(time))
        }
        return "[" + elements.joined(separator: ",") + "]"
    }

    static func client(_ server: ShareTestServer) -> DexcomShareClient {
        DexcomShareClient(
            region: .us, credentials: DexcomShareCredentials(accountID: ShareTestServer.accountID, password: "x"),
            transport: server, clock: ManualClock(now), sleeper: RecordingSleeper(),
            sessionID: ShareTestServer.sessionID)
    }

    @Test("a phone and a watch fill Share's 288 in 12 hours: the older 12 hours are reported unreachable, not claimed")
    func truncatedByTwoUploaders() async {
        let server = ShareTestServer()
        await server.onRead { _, _ in HTTPResponse.json(200, Self.readings(count: 144, spacing: 300, copies: true)) }
        let result = await Self.client(server).sync(since: nil)
        #expect(result.isComplete)
        #expect(result.batch.readings.count == 144)  // the copies merged (SPEC §2.1)
        let oldest = result.batch.readings.first?.time.instant
        #expect(result.unreachable == DataRange.Span(start: Self.now.adding(milliseconds: -86_400_000), end: oldest!))
    }

    @Test("one uploader's 24 hours fit: nothing unreachable")
    func fullDay() async {
        let server = ShareTestServer()
        await server.onRead { _, _ in HTTPResponse.json(200, Self.readings(count: 287, spacing: 300, copies: false)) }
        let result = await Self.client(server).sync(since: nil)
        #expect(result.isComplete)
        #expect(result.unreachable == nil)
        #expect(await server.readRequests.first?.url.query?.contains("minutes=1440") == true)
    }
}
