import Fluent

/// Free-text answers wait to be screened (kept, redacted or withheld) before anyone sees them.
struct UpdateSurveyAnswerAddScreening: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column an update: SQLite adds columns one at a time.
        try await database.schema("survey_answers").field("screening", .string).update()
        try await database.schema("survey_answers").field("screened_text", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("survey_answers").deleteField("screened_text").update()
        try await database.schema("survey_answers").deleteField("screening").update()
    }
}
