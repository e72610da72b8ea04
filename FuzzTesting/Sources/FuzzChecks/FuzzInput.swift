/// The fuzzer's input as bytes (libFuzzer may pass a null pointer with a zero count).
public func fuzzInput(_ start: UnsafeRawPointer?, _ count: Int) -> [UInt8] {
    guard let start, count > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: start, count: count))
}

/// Stops the run when an invariant fails: libFuzzer saves the input as a crash.
/// Fuzz targets check meaning, not only the absence of traps.
func require(
    _ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID,
    line: UInt = #line
) {
    guard !condition else { return }
    preconditionFailure("invariant failed: \(message())", file: file, line: line)
}
