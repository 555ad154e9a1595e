import Fluent

struct CreateEvidenceFile: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("evidence_files")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("item_id", .uuid, .required, .references("evidence_items", "id"))
            .field("version", .int, .required)
            .field("sha256", .string, .required)
            .field("file_name", .string, .required)
            .field("file_kind", .string, .required)
            .field("size", .int, .required)
            .field("uploaded_by_id", .uuid, .required, .references("people", "id"))
            .field("uploaded_on", .string, .required)
            .unique(on: "item_id", "version")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("evidence_files").delete()
    }
}
