import FuzzChecks

/// Dexcom v3 `/dataRange`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    fuzzDexcomV3(bytes, endpoint: .dataRange)
    return 0
}
