import FuzzChecks

/// LibreLinkUp answers (graph, logbook, connections, error envelopes).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    fuzzLibreLinkUp(bytes)
    return 0
}
