import Fluent
import Foundation

/// A model's fields as text, taken before a change so the audit event can say what changed.
struct AuditSnapshot: Sendable {
    let fields: [String: String]

    init<M: Model>(_ model: M) {
        self.fields = Self.flatten(model)
    }

    /// Encodes the model the way Fluent does (property names as keys, parents as `{"id": …}`)
    /// and turns each top-level value into text.
    static func flatten<M: Model>(_ model: M) -> [String: String] {
        guard let data = try? JSONEncoder().encode(model),
              let object = try? JSONDecoder().decode([String: JSONValue].self, from: data) else { return [:] }
        return object.compactMapValues(\.auditText)
    }
}

extension JSONValue {
    /// Text for the audit log; nil for null. A parent reference `{"id": x}` becomes x.
    var auditText: String? {
        switch self {
        case .null: return nil
        case .bool(let value): return value ? "true" : "false"
        case .number(let value): return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let value): return value
        case .array(let values): return "[" + values.map { $0.auditText ?? "null" }.joined(separator: ", ") + "]"
        case .object(let members):
            if members.count == 1, members[0].0 == "id" { return members[0].1.auditText }
            return "{" + members.sorted { $0.0 < $1.0 }.map { "\($0.0): \($0.1.auditText ?? "null")" }.joined(separator: ", ") + "}"
        }
    }
}
