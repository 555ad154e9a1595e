import Fluent

struct CreateTrainingCompletion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("training_completions")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("course", .string, .required)
            .field("completed_on", .string, .required)
            .unique(on: "person_id", "course")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("training_completions").delete()
    }
}
