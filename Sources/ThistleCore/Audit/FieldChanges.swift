import Foundation

/// One changed field of an audited record. Values are text; personal data is replaced by
/// `FieldChanges.redacted` before it is stored.
public struct FieldChange: Codable, Equatable, Sendable {
    public let field: String
    public let old: String?
    public let new: String?

    public init(field: String, old: String?, new: String?) {
        self.field = field
        self.old = old
        self.new = new
    }
}

public enum FieldChanges {
    public static let redacted = "[redacted]"

    /// Fields whose values never enter the audit log: that a field changed is recorded, not what
    /// it changed to.
    public static let personalFields: Set<String> = [
        "name", "email", "passwordHash", "totpSecret", "totpPendingSecret", "codeDigest", "phone", "displayName",
        // what readers write about a child's record, and its reference digest
        "details", "response", "closureNote", "note", "exclusionReason", "overrideReason", "referenceDigest",
        // position statements and comments: kept whole, version by version, in their own tables
        "howGood", "howWeKnow", "whatNext", "body",
        // what was heard in a session
        "point",
        // board report versions and templates: kept whole, version by version, in their own tables
        "texts", "document",
        // email: the address, the whole message (links with one-time tokens) and what the mail
        // system said about it (which can repeat the address)
        "recipient", "message", "lastError",
        // one-time tokens, as their digests
        "tokenDigest",
    ]

    /// Fields that change on every save and say nothing about what was done.
    public static let ignoredFields: Set<String> = ["createdAt", "updatedAt", "id", "searchText"]

    /// The fields that differ between two snapshots (nil for a record that did not exist
    /// before, or no longer exists after), sorted by name, personal values redacted.
    public static func between(_ before: [String: String]?, _ after: [String: String]?,
                               personal: Set<String> = personalFields) -> [FieldChange] {
        let keys = Set((before ?? [:]).keys).union((after ?? [:]).keys).subtracting(ignoredFields)
        return keys.sorted().compactMap { key in
            let old = before?[key]
            let new = after?[key]
            guard old != new else { return nil }
            if personal.contains(key) {
                return FieldChange(field: key, old: old == nil ? nil : redacted, new: new == nil ? nil : redacted)
            }
            return FieldChange(field: key, old: old, new: new)
        }
    }

    /// The stored form: a JSON array with keys in a fixed order.
    public static func json(_ changes: [FieldChange]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(changes) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    public static func parse(_ json: String) -> [FieldChange] {
        (try? JSONDecoder().decode([FieldChange].self, from: Data(json.utf8))) ?? []
    }
}
