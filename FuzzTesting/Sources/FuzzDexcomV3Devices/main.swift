import FuzzChecks

/// Dexcom v3 `/devices`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    fuzzDexcomV3(bytes, endpoint: .devices)
    return 0
}
