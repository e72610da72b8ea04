import FuzzChecks

/// Dexcom Share error bodies and login answers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    fuzzShareError(bytes)
    return 0
}
