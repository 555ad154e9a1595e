import Fluent

struct CreateGradingScale: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("grading_scales")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("key", .string, .required)
            .field("name", .string, .required)
            .field("good_or_better_from", .int, .required)
            .unique(on: "partnership_id", "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("grading_scales").delete()
    }
}
