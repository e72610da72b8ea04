@_spi(AdapterSupport) import CGMKit
import Foundation
import Testing

@Suite("Errors and log events")
struct ErrorAndLoggingTests {
    @Test(
        "a vendor code is kept only when it is a plain identifier",
        arguments: [
            ("AccountPasswordInvalid", "AccountPasswordInvalid" as String?),
            ("SSO_AuthenticateMaxAttemptsExceeed", "SSO_AuthenticateMaxAttemptsExceeed"),
            ("Failed to find session object. [SessionId = 3333]", nil),
            ("", nil),
            (String(repeating: "A", count: 65), nil),
        ])
    func vendorCodeAllowList(code: String, kept: String?) {
        #expect(CGMError(code: .unexpectedResponse, message: "m", vendorCode: code).vendorCode == kept)
        #expect(CGMLogEvent(.requestFailed, provider: "p", vendorCode: code).vendorCode == kept)
    }

    @Test("descriptions add the vendor code and status, never the cause")
    func describes() {
        let error = CGMError(
            code: .credentialsRejected, message: "rejected", vendorCode: "AccountPasswordInvalid", httpStatus: 500)
        #expect("\(error)" == "credentialsRejected: rejected [AccountPasswordInvalid] (HTTP 500)")
        #expect(
            "\(CGMLogEvent(.loginFailed, provider: "dexcom", httpStatus: 500, vendorCode: "X", count: 2))"
                == "dexcom loginFailed status=500 code=X count=2")
        let limited = CGMError(code: .rateLimited, message: "slow down", httpStatus: 429, retryAfterSeconds: 61)
        #expect("\(limited)" == "rateLimited: slow down (HTTP 429) retry after 61 s")
        #expect(RetryAfter.seconds(fromMilliseconds: 60_001) == 61)
        #expect(RetryAfter.seconds(fromMilliseconds: 0) == 0)
    }

    @Test("readPayload maps reader failures to notAPayload or limitExceeded")
    func readPayloadMapsErrors() throws {
        #expect { try JSONReader().readPayload(Array("[1,]".utf8)) } throws: { error in
            (error as? CGMError)?.code == .notAPayload && (error as? CGMError)?.cause is JSONReaderError
        }
        let tight = JSONReader(
            limits: JSONReaderLimits(
                maximumDocumentBytes: 4, maximumDepth: 4, maximumStringBytes: 4,
                maximumNumberBytes: 4))
        #expect { try tight.readPayload(Array("[1, 2]".utf8)) } throws: { error in
            (error as? CGMError)?.code == .limitExceeded
        }
        #expect(try JSONReader().readPayload(Array("[1]".utf8)) == .array([.number(JSONNumber(1))]))
    }

    @Test("Data is read like the same bytes")
    func readsData() throws {
        let text = #"{"a":[1,"x"]}"#
        #expect(try JSONReader().read(Data(text.utf8)) == JSONReader().read(Array(text.utf8)))
    }
}
