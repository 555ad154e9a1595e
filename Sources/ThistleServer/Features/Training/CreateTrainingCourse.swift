import Fluent

struct CreateTrainingCourse: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("training_courses")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id"))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("held_on", .string, .required)
            .field("trainer", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("training_courses").delete()
    }
}
