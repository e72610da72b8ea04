extension JSONReader {
    /// Parses a provider payload, turning reader failures into the ``CGMError`` every
    /// adapter throws: ``CGMError/Code/limitExceeded`` for a size or depth limit,
    /// ``CGMError/Code/notAPayload`` for everything else (not JSON, not UTF-8, empty).
    ///
    /// - Throws: `CGMError` `CGMError/Code/limitExceeded` or `CGMError/Code/notAPayload`.
    public func readPayload(_ payload: [UInt8]) throws(CGMError) -> JSONValue {
        do {
            return try read(payload)
        } catch {
            if error.code == .limitExceeded {
                throw CGMError(
                    code: .limitExceeded, message: "payload exceeds a reader limit: \(error.message)",
                    cause: error)
            }
            throw CGMError(code: .notAPayload, message: "payload is not valid JSON: \(error.message)", cause: error)
        }
    }
}
