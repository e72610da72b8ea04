import FuzzChecks

/// The strict JSON reader: total, bounded, and what it reads writes back and reads again to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    fuzzJSONReader(bytes)
    return 0
}
