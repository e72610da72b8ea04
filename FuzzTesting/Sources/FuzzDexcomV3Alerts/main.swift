import FuzzChecks

/// Dexcom v3 `/alerts`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    fuzzDexcomV3(bytes, endpoint: .alerts)
    return 0
}
