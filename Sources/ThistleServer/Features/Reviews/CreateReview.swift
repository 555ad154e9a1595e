import Fluent

struct CreateReview: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reviews")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("framework_id", .uuid, .required, .references("frameworks", "id"))
            .field("scale_id", .uuid, .required, .references("grading_scales", "id"))
            .field("follows_up_id", .uuid, .references("reviews", "id"))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("reported_on", .string)
            .field("submission_deadline", .string)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reviews").delete()
    }
}
