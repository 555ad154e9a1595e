import Fluent

struct CreateAreaIndicator: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("improvement_area_indicators")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("area_id", .uuid, .required, .references("improvement_areas", "id", onDelete: .cascade))
            .field("indicator_id", .uuid, .required, .references("quality_indicators", "id"))
            .unique(on: "area_id", "indicator_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("improvement_area_indicators").delete()
    }
}
