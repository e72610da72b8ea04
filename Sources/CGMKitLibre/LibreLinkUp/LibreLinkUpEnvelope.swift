@_spi(AdapterSupport) import CGMKit

/// The envelope of every LibreLinkUp answer, `{"status": int, "data": …}` (fact sheet
/// `librelinkup.md` §2.1), and what a non-zero `status` means (§1.12).
enum LibreLinkUpEnvelope {
    /// The `data` of an answer whose `status` is 0.
    ///
    /// - Throws: `CGMError` `vendorErrorBody` for a non-zero `status` (its number is the
    ///   error's `vendorCode` and is named in the message; nothing else of the body is
    ///   kept) or a body with `message` and no `status` (`RequiredHeaderMissing`, an
    ///   expired token); `notAPayload` for anything that is not the envelope.
    static func data(of document: JSONValue) throws(CGMError) -> JSONValue {
        guard let object = document.objectValue else {
            throw CGMError(
                code: .notAPayload,
                message: "expected the LibreLinkUp envelope {\"status\", \"data\"}, found a JSON \(document.kindName)")
        }
        guard let statusValue = object["status"] else {
            if object["message"]?.stringValue != nil {
                throw CGMError(
                    code: .vendorErrorBody,
                    message:
                        "payload is a LibreLinkUp error answer without a status (a missing header or an expired token), not data"
                )
            }
            throw CGMError(
                code: .notAPayload, message: "expected the LibreLinkUp envelope, found an object without status")
        }
        guard let status = integer(statusValue) else {
            throw CGMError(code: .notAPayload, message: "the LibreLinkUp envelope's status is not an integer")
        }
        guard status == 0 else {
            throw CGMError(
                code: .vendorErrorBody,
                message:
                    "payload is a LibreLinkUp error answer with status \(status) (\(meaning(of: status))), not data",
                vendorCode: String(status))
        }
        guard let data = object["data"], !data.isNull else {
            throw CGMError(code: .notAPayload, message: "the LibreLinkUp envelope has status 0 but no data")
        }
        return data
    }

    /// A JSON number that is a whole number in `Int32`'s range.
    static func integer(_ value: JSONValue) -> Int? {
        guard let number = value.numberValue?.doubleValue, number.rounded() == number,
            number.magnitude <= Double(Int32.max)
        else { return nil }
        return Int(number)
    }

    /// What a status means (fact sheet §1.12), in words free of anything the body said.
    static func meaning(of status: Int) -> String {
        switch status {
        case 2: "the credentials were rejected"
        case 4: "an account step is pending in the LibreLink app, or the patient cannot be loaded"
        case 429: "the account is locked after too many failed logins"
        case 911: "a regional server or maintenance problem"
        case 920: "the app version sent is below the server's minimum"
        default: "an unknown LibreLinkUp status"
        }
    }
}
