import Fluent

struct CreateImprovementArea: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("improvement_areas")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id"))
            .field("number", .int, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .unique(on: "review_id", "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("improvement_areas").delete()
    }
}
