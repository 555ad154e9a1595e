import Foundation

/// JSON Schema (2020-12, the dialect of OpenAPI 3.1) for the API's answers. Objects are
/// closed (`additionalProperties: false`) so that a field added to a DTO but not described
/// here fails the schemathesis run instead of going undocumented.
enum Schema {
    static let string: JSONValue = ["type": "string"]
    static let uuid: JSONValue = ["type": "string", "format": "uuid"]
    static let date: JSONValue = ["type": "string", "format": "date"]
    static let integer: JSONValue = ["type": "integer"]
    static let count: JSONValue = ["type": "integer", "minimum": 0]
    static let boolean: JSONValue = ["type": "boolean"]

    static func oneOf(_ values: [String]) -> JSONValue {
        ["type": "string", "enum": .array(values.map(JSONValue.string))]
    }

    static func array(_ items: JSONValue) -> JSONValue {
        ["type": "array", "items": items]
    }

    static func ref(_ name: String) -> JSONValue {
        ["$ref": .string("#/components/schemas/\(name)")]
    }

    /// Every property is required except those named in `optional`, which are left out when
    /// they have no value (as Swift's encoder does), never sent as null.
    static func object(_ properties: KeyValuePairs<String, JSONValue>, optional: Set<String> = [], description: String? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", "object")]
        if let description { members.append(("description", .string(description))) }
        members.append(("properties", .object(properties.map { ($0.key, $0.value) })))
        let required = properties.map(\.key).filter { !optional.contains($0) }
        if !required.isEmpty { members.append(("required", .array(required.map(JSONValue.string)))) }
        members.append(("additionalProperties", false))
        return .object(members)
    }
}
