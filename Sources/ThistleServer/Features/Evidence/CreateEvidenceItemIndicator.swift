import Fluent

struct CreateEvidenceItemIndicator: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("evidence_item_indicators")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("item_id", .uuid, .required, .references("evidence_items", "id"))
            .field("indicator_id", .uuid, .required, .references("quality_indicators", "id"))
            .unique(on: "item_id", "indicator_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("evidence_item_indicators").delete()
    }
}
