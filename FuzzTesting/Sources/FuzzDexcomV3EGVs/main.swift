import FuzzChecks

/// Dexcom v3 `/egvs`: the byte-level fast path and the general path agree, and every batch is well formed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    fuzzDexcomV3(bytes, endpoint: .egvs)
    return 0
}
