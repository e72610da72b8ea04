import FuzzChecks

/// Dexcom v3 with the endpoint detected from the payload, as `cgm normalize` does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    fuzzDexcomV3(bytes, endpoint: nil)
    return 0
}
