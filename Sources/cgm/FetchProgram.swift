#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Hands `cgm fetch` to the `cgm-fetch` program: the one in this program's folder,
/// else the first on `PATH`. Standard streams and the environment (credentials) pass
/// as they are; arguments are those after `fetch`.
enum FetchProgram {
    static let name = "cgm-fetch"

    static func exec(arguments: [String]) -> Never {
        let sibling = ownFolder().map { $0 + "/" + name }
        var argv: [UnsafeMutablePointer<CChar>?] = ([name] + arguments).map { strdup($0) } + [nil]
        if let sibling { execv(sibling, &argv) }
        execvp(name, &argv)
        let message =
            "error: cgm fetch runs the \(name) program, which is not next to cgm or on PATH: "
            + "`swift build` builds both, `swift run \(name) ...` runs it directly\n"
        _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
        exit(69)
    }

    /// The folder of this executable: `/proc/self/exe` on Linux, else the path it was
    /// started by when that has a slash.
    static func ownFolder() -> String? {
        var path: String?
        #if os(Linux)
            var buffer = [CChar](repeating: 0, count: 4_096)
            let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
            if length > 0 {
                path = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        #endif
        if path == nil, let started = CommandLine.arguments.first, started.contains("/") { path = started }
        guard let path, let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }
}
