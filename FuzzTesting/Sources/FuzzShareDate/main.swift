import FuzzChecks

/// Dexcom Share `Date(…)` times.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    fuzzShareDate(bytes)
    return 0
}
