import Fluent

struct CreateEvidenceItemArea: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("evidence_item_areas")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("item_id", .uuid, .required, .references("evidence_items", "id"))
            .field("area_id", .uuid, .required, .references("improvement_areas", "id"))
            .unique(on: "item_id", "area_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("evidence_item_areas").delete()
    }
}
