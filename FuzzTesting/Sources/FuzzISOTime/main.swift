import FuzzChecks

/// ISO 8601 times as Dexcom v3 and Nightscout write them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    fuzzISOTime(bytes)
    return 0
}
