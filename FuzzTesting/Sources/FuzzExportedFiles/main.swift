import FuzzChecks

/// Dexcom Clarity and LibreView CSV exports.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    fuzzExportedFiles(fuzzInput(start, count))
    return 0
}
