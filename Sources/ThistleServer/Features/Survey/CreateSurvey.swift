import Fluent

struct CreateSurvey: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("surveys")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id"))
            .field("compares_with_id", .uuid, .references("surveys", "id"))
            .field("title", .string, .required)
            .field("introduction", .string, .required)
            .field("opens_on", .string, .required)
            .field("closes_on", .string, .required)
            .field("threshold", .int, .required)
            .field("results_while_open", .bool, .required)
            .field("access", .string, .required)
            .field("status", .string, .required)
            .field("open_link_token", .string)
            .field("created_at", .datetime)
            .unique(on: "open_link_token")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("surveys").delete()
    }
}
