import FuzzChecks

/// The strict CSV reader of exported files (RFC 4180).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    fuzzCSVReader(fuzzInput(start, count))
    return 0
}
