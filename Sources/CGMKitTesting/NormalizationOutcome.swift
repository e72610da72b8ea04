import CGMKit

/// What a normalizer made of a payload, in a form tests can compare: the batch, or
/// the error code. Use it to check that two paths agree on any input, good or bad:
///
/// ```swift
/// let fast = NormalizationOutcome { try normalizer.normalize(bytes) }
/// let general = NormalizationOutcome { try generalNormalizer.normalize(bytes) }
/// #expect(fast == general)
/// ```
public enum NormalizationOutcome: Sendable, Equatable, CustomStringConvertible {
    /// The payload normalized to this batch.
    case batch(CGMBatch)
    /// The normalizer threw a `CGMError` with this code.
    case error(CGMError.Code)
    /// The normalizer threw something other than a `CGMError`: always a defect.
    case foreignError

    /// Runs `body` and records what it returned or threw.
    public init(_ body: () throws -> CGMBatch) {
        do {
            self = .batch(try body())
        } catch let error as CGMError {
            self = .error(error.code)
        } catch {
            self = .foreignError
        }
    }

    /// The batch, when there is one.
    public var batch: CGMBatch? {
        if case .batch(let batch) = self { return batch }
        return nil
    }

    /// Counts and the error code only, never the batch's values.
    public var description: String {
        switch self {
        case .batch(let batch): "batch of \(batch.readings.count) readings, \(batch.issues.count) issues"
        case .error(let code): "error \(code)"
        case .foreignError: "an error that is not a CGMError"
        }
    }
}
