import Fluent

/// Agreement answers per question, agency, role group and answer, kept up to date as responses
/// arrive (see `SurveyTallies`).
struct CreateSurveyAnswerTally: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("survey_answer_tallies")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("survey_id", .uuid, .required, .references("surveys", "id", onDelete: .cascade))
            .field("question_id", .uuid, .required, .references("survey_questions", "id", onDelete: .cascade))
            .field("agency_key", .string, .required)
            .field("role_key", .string, .required)
            .field("agreement", .int, .required)
            .field("answers", .int, .required)
            .unique(on: "survey_id", "question_id", "agency_key", "role_key", "agreement")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("survey_answer_tallies").delete()
    }
}
