import FuzzChecks

/// HTTP `Retry-After` fields, one per line.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    fuzzRetryAfter(bytes)
    return 0
}
