import FuzzChecks

/// Nightscout entries and treatments.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    fuzzNightscout(bytes)
    return 0
}
