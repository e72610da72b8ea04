import CGMCommandLine
import CGMKitURLSession

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

// `cgm fetch`: `cgm` hands the subcommand here, the one program that links networking.
// Arguments are those after `fetch`. Transport: a URLSession with an ephemeral
// configuration (nothing cached on disk) that refuses redirects.
let io = StandardCommandIO(transport: { URLSessionTransport(session: URLSessionTransport.makeEphemeralSession()) })
let status = await CommandLineTool(io: io).runAsync(["fetch"] + Array(CommandLine.arguments.dropFirst()))
exit(status.rawValue)
