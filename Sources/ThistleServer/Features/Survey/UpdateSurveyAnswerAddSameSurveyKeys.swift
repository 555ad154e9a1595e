import Fluent
import SQLKit

/// An answer's response and question must be of the answer's own survey and partnership, and
/// the database now says so with two keys where four said less:
/// - (response, survey, partnership) names a response of that survey and partnership. This one
///   key does the work of the three it replaces (response, survey, partnership each on its own),
///   and deleting a survey or a response still deletes its answers, through the response.
/// - (question, survey) names a question of that survey. Before, an answer could name a question
///   of any survey.
///
/// Each key is one lookup when an answer is written, so a respondent's 25 answers look up 50
/// rows where they looked up 100. On PostgreSQL every lookup also locks the row it finds (the
/// survey's and the partnership's rows were locked by every respondent at once): taking two of
/// the four keys away cut PostgreSQL's time per respondent by about a tenth
/// (Benchmarks/RESULTS.md).
///
/// The keys need a unique index over the columns they name, on the responses and questions.
/// SQLite cannot add a key to a table, so the answers are rebuilt (`TableRebuild`).
struct UpdateSurveyAnswerAddSameSurveyKeys: AsyncMigration {
    static let parentIndexes = [
        TableIndexes(table: "survey_responses", indexes: [("survey_responses_key", ["id", "survey_id", "partnership_id"])], unique: true),
        TableIndexes(table: "survey_questions", indexes: [("survey_questions_key", ["id", "survey_id"])], unique: true),
    ]

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            for indexes in Self.parentIndexes { try await indexes.create(on: tx) }
            try await UpdateSurveyAnswerAddResponseKey.table.rebuild(on: tx) { schema in
                schema
                    .field("id", .uuid, .required)
                    .field("partnership_id", .uuid, .required)
                    .field("survey_id", .uuid, .required)
                    .field("response_id", .uuid, .required)
                    .field("question_id", .uuid, .required)
                    .field("agreement", .int)
                    .field("choice", .string)
                    .field("text", .string)
                    .field("screening", .string)
                    .field("screened_text", .string)
                    .foreignKey(["response_id", "survey_id", "partnership_id"], references: "survey_responses", ["id", "survey_id", "partnership_id"],
                                onDelete: .cascade, name: "survey_answers_response")
                    .foreignKey(["question_id", "survey_id"], references: "survey_questions", ["id", "survey_id"],
                                onDelete: .cascade, name: "survey_answers_question")
            }
            try await UpdateSurveyAnswerAddResponseKey.createIndexes(on: tx)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.transaction { tx in
            try await UpdateSurveyAnswerAddResponseKey.table.rebuild(on: tx) {
                UpdateSurveyAnswerAddResponseKey.define($0, idIsPrimaryKey: false)
            }
            try await UpdateSurveyAnswerAddResponseKey.createIndexes(on: tx)
            for indexes in Self.parentIndexes { try await indexes.drop(on: tx) }
        }
    }
}
