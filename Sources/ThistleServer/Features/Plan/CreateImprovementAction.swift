import Fluent

struct CreateImprovementAction: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("improvement_actions")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id"))
            .field("area_id", .uuid, .required, .references("improvement_areas", "id"))
            .field("number", .int, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("owner", .string, .required)
            .field("agency_id", .uuid, .references("agencies", "id"))
            .field("start_on", .string, .required)
            .field("due_on", .string, .required)
            .field("measure", .string, .required)
            .field("status", .string, .required)
            .unique(on: "review_id", "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("improvement_actions").delete()
    }
}
