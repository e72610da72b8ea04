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
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "fetch" {
    FetchProgram.exec(arguments: Array(arguments.dropFirst()))
}
let status = await CommandLineTool(io: StandardCommandIO()).runAsync(arguments)
exit(status.rawValue)
