import Fluent

/// Spent invitation codes, kept only as a digest of the code that no other table holds: a spent
/// code cannot be joined to its invitation, nor, through anything its row shares, to a response.
struct CreateSurveySpentCode: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("survey_spent_codes")
            .id()
            .field("survey_id", .uuid, .required, .references("surveys", "id", onDelete: .cascade))
            .field("code_digest", .string, .required)
            .unique(on: "code_digest")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("survey_spent_codes").delete()
    }
}
