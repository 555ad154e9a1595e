import Fluent

/// Respondents per agency and role group of a survey, kept up to date as responses arrive so
/// that results never have to count a large wave row by row.
struct CreateSurveyRespondentTally: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("survey_respondent_tallies")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("survey_id", .uuid, .required, .references("surveys", "id", onDelete: .cascade))
            .field("agency_key", .string, .required)
            .field("role_key", .string, .required)
            .field("respondents", .int, .required)
            .unique(on: "survey_id", "agency_key", "role_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("survey_respondent_tallies").delete()
    }
}
