import FuzzChecks

/// Dexcom Share `ReadPublisherLatestGlucoseValues` bodies: fast and general paths agree.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    fuzzShareReadings(bytes)
    return 0
}
