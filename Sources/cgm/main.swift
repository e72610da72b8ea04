import CGMCommandLine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

// `cgm fetch` runs in the `cgm-fetch` program next to this one, the only one that links
// networking (FoundationNetworking and its libraries cost about 7 ms of start-up;
// Docs/Performance.md). Every other subcommand runs here.
// `cgm fetch --help` needs no network, so it is answered here, even without `cgm-fetch`.
let arguments = Array(CommandLine.arguments.dropFirst())
let asksForHelp = arguments.prefix { $0 != "--" }.contains { $0 == "--help" || $0 == "-h" }
if arguments.first == "fetch", !asksForHelp {
    FetchProgram.exec(arguments: Array(arguments.dropFirst()))
}
let status = await CommandLineTool(io: StandardCommandIO()).runAsync(arguments)
exit(status.rawValue)
