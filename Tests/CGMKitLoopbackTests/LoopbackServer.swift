import CGMKit
import CGMKitURLSession
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The local HTTP server `.ci/run` starts (`Scripts/loopback-server.py`), reached through
/// the real `URLSessionTransport` over a real socket. Its origin comes from
/// `CGMKIT_LOOPBACK_ORIGIN` (`http://127.0.0.1:PORT`); without it the loopback suite is
/// not enabled (CI checks that it ran).
struct LoopbackServer {
    /// One request as the server received it.
    struct ReceivedRequest: Decodable {
        let method: String
        let path: String
        let query: String
        let headers: [String: String]
        let body: String
    }

    static let origin: URL? = ProcessInfo.processInfo.environment["CGMKIT_LOOPBACK_ORIGIN"].flatMap(URL.init(string:))

    let origin: URL
    let session: URLSession

    init(origin: URL, timeoutSeconds: Double = 10) {
        self.origin = origin
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        session = URLSession(configuration: configuration, delegate: RedirectRefusingDelegate(), delegateQueue: nil)
    }

    /// The transport under test: the library's own, over this session.
    var transport: URLSessionTransport { URLSessionTransport(session: session) }

    /// Loads `Exchanges/<name>.json` on the server and clears its request log.
    func load(_ scenario: String) async throws {
        let response = try await transport.send(HTTPRequest(method: .post, url: url("/__scenario/\(scenario)")))
        guard response.statusCode == 204 else { throw LoopbackFailure.scenarioNotLoaded(scenario) }
    }

    /// The requests received since the scenario was loaded.
    func received() async throws -> [ReceivedRequest] {
        let response = try await transport.send(HTTPRequest(method: .get, url: url("/__requests")))
        return try JSONDecoder().decode([ReceivedRequest].self, from: Data(response.body))
    }

    func url(_ path: String) -> URL {
        origin.appending(path: path)
    }
}

enum LoopbackFailure: Error {
    case scenarioNotLoaded(String)
}
