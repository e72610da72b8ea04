import FuzzChecks

/// LibreLinkUp `M/d/yyyy h:mm:ss AM|PM` timestamps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    fuzzLibreLinkUpTime(bytes)
    return 0
}
