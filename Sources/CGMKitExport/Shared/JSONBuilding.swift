@_spi(AdapterSupport) import CGMKit

/// Small helpers to build ``JSONValue`` trees in a fixed member order.
enum JSON {
    /// An object of the members whose value is not `nil`, in the order given.
    static func object(_ members: [(String, JSONValue?)]) -> JSONValue {
        .object(
            JSONObject(
                members: members.compactMap { key, value in
                    value.map { JSONObject.Member(key: key, value: $0) }
                }))
    }

    static func string(_ text: String) -> JSONValue {
        .string(text)
    }

    /// A finite number (`nil` for NaN or infinity, which JSON cannot carry).
    static func number(_ value: Double) -> JSONValue? {
        JSONNumber(value).map(JSONValue.number)
    }

    /// A number rounded to `places` decimals, half away from zero.
    static func number(_ value: Double, places: Int) -> JSONValue? {
        number(DecimalRounding.round(value, places: places))
    }
}
