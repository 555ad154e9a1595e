import Fluent

struct CreatePositionStatement: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("position_statements")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id"))
            .field("area_id", .uuid, .required, .references("improvement_areas", "id"))
            .field("state", .string, .required)
            .field("current_version", .int, .required)
            .unique(on: "review_id", "area_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("position_statements").delete()
    }
}
