import Fluent

struct CreateSurveySubmission: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("survey_submissions")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("survey_id", .uuid, .required, .references("surveys", "id", onDelete: .cascade))
            .field("token_digest", .string, .required)
            .unique(on: "token_digest")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("survey_submissions").delete()
    }
}
