import FuzzChecks

/// The OAuth token endpoint's answers, good and bad.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    fuzzTokenResponse(bytes)
    return 0
}
