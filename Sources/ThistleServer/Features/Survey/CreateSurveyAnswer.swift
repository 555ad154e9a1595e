import Fluent
import SQLKit

struct CreateSurveyAnswer: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("survey_answers")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("survey_id", .uuid, .required, .references("surveys", "id", onDelete: .cascade))
            .field("response_id", .uuid, .required, .references("survey_responses", "id", onDelete: .cascade))
            .field("question_id", .uuid, .required, .references("survey_questions", "id", onDelete: .cascade))
            .field("agreement", .int)
            .field("choice", .string)
            .field("text", .string)
            // One answer per question per response; the index it makes serves aggregation by question.
            .unique(on: "survey_id", "question_id", "response_id")
            .create()
        // For reading whole responses (the export); Fluent's builder cannot declare a plain index.
        try await database.sql.create(index: "survey_answers_by_response").on("survey_answers").column("response_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("survey_answers").delete()
    }
}
