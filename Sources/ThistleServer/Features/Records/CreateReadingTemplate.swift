import Fluent

struct CreateReadingTemplate: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reading_templates")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id"))
            .field("version", .int, .required)
            .field("frozen", .bool, .required)
            .unique(on: "review_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reading_templates").delete()
    }
}
