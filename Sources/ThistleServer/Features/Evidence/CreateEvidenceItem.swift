import Fluent

struct CreateEvidenceItem: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("evidence_items")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id"))
            .field("number", .int, .required)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("search_text", .string, .required)
            .field("agency_id", .uuid, .references("agencies", "id"))
            .field("period_start", .string, .required)
            .field("period_end", .string)
            .field("file_kind", .string)
            .field("link_url", .string)
            .field("extract_source", .string)
            .field("contains_personal_data", .bool, .required)
            .field("added_by_id", .uuid, .required, .references("people", "id"))
            .field("added_on", .string, .required)
            .unique(on: "review_id", "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("evidence_items").delete()
    }
}
