import FuzzChecks

/// Dexcom v3 `/events`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    fuzzDexcomV3(bytes, endpoint: .events)
    return 0
}
