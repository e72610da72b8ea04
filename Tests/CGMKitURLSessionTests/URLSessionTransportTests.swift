import CGMKit
import CGMKitURLSession
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("URLSession transport conversions")
struct URLSessionTransportTests {
    @Test("a CGMKit request becomes a URLRequest with method, headers, body and no cookies or cache")
    func convertsRequest() throws {
        let url = try #require(
            URL(string: "https://share2.dexcom.com/ShareWebServices/Services/General/AuthenticatePublisherAccount"))
        var fields: HTTPFields = ["Content-Type": "application/json", "Accept": "application/json"]
        fields.append(name: "X-Trace", value: "1")
        let request = HTTPRequest(method: .post, url: url, headerFields: fields, body: Array(#"{"a":1}"#.utf8))
        let converted = URLSessionTransport.makeURLRequest(from: request)
        #expect(converted.url == url)
        #expect(converted.httpMethod == "POST")
        #expect(converted.value(forHTTPHeaderField: "content-type") == "application/json")
        #expect(converted.value(forHTTPHeaderField: "X-Trace") == "1")
        #expect(converted.httpBody == Data(#"{"a":1}"#.utf8))
        #expect(converted.httpShouldHandleCookies == false)
        #expect(converted.cachePolicy == .reloadIgnoringLocalCacheData)
    }

    @Test("a GET without a body has no body")
    func convertsBodylessRequest() throws {
        let url = try #require(URL(string: "https://api.dexcom.com/v3/users/self/egvs?startDate=2024-01-01T00:00:00"))
        let converted = URLSessionTransport.makeURLRequest(from: HTTPRequest(method: .get, url: url))
        #expect(converted.httpMethod == "GET")
        #expect(converted.httpBody == nil)
    }

    @Test("an HTTP response converts with status, headers and body")
    func convertsResponse() throws {
        let url = try #require(URL(string: "https://api.dexcom.com/v3/users/self/egvs"))
        let http = try #require(
            HTTPURLResponse(
                url: url, statusCode: 429, httpVersion: "HTTP/1.1",
                headerFields: ["Retry-After": "5"]))
        let response = try URLSessionTransport.makeResponse(data: Data([1, 2, 3]), urlResponse: http)
        #expect(response.statusCode == 429)
        #expect(response.headerFields["retry-after"] == "5")
        #expect(response.body == [1, 2, 3])
    }

    @Test("a non-HTTP response is an unexpectedResponse error")
    func rejectsNonHTTP() throws {
        let url = try #require(URL(string: "file:///tmp/x"))
        let plain = URLResponse(url: url, mimeType: nil, expectedContentLength: 0, textEncodingName: nil)
        #expect(throws: CGMError.self) { try URLSessionTransport.makeResponse(data: Data(), urlResponse: plain) }
    }

    @Test("the ephemeral session refuses redirects: the delegate answers nil")
    func refusesRedirects() throws {
        let session = URLSessionTransport.makeEphemeralSession()
        defer { session.invalidateAndCancel() }
        let delegate = try #require(session.delegate as? RedirectRefusingDelegate)
        let url = try #require(URL(string: "https://api.dexcom.com/v2/oauth2/token"))
        let task = session.dataTask(with: url)
        let redirect = try #require(
            HTTPURLResponse(
                url: url, statusCode: 307, httpVersion: "HTTP/1.1",
                headerFields: ["Location": "https://evil.example/"]))
        var followed: URLRequest? = URLRequest(url: url)
        delegate.urlSession(
            session, task: task, willPerformHTTPRedirection: redirect,
            newRequest: URLRequest(url: try #require(URL(string: "https://evil.example/")))
        ) { followed = $0 }
        #expect(followed == nil)
    }
}
