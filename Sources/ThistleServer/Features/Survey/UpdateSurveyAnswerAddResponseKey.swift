import Fluent
import SQLKit

/// Answers are keyed by (response, question), and only comments are indexed by id and by
/// (survey, question). Before, every answer went into an index by its random id and one by
/// (survey, question, response), so storing one response wrote a random page of each index
/// per answer: about 50 pages of the database for a response of 21 answers, written twice
/// (the WAL, then the checkpoint). Now a response's answers sit together in the one unique
/// index and only its comments land elsewhere: about 15 pages (Benchmarks/RESULTS.md).
///
/// Only comments are ever looked up by id (screening) or read by survey and question (the
/// comment lists, the screening queue, retention); every other reader goes by response. Those
/// queries say `text IS NOT NULL`, which is how the database knows the partial indexes serve them.
///
/// SQLite cannot drop a primary key or a table's unique constraint, so the table is rebuilt
/// (copied, dropped, renamed) in one transaction. The ids, columns and values stay as they were.
struct UpdateSurveyAnswerAddResponseKey: AsyncMigration {
    private static let table = "survey_answers"
    private static let rebuilt = "survey_answers_rebuilt"
    private static let columns = ["id", "partnership_id", "survey_id", "response_id", "question_id",
                                  "agreement", "choice", "text", "screening", "screened_text"]

    /// Comments only: the rows of `text IS NOT NULL`.
    private static var comments: any SQLExpression {
        SQLBinaryExpression(SQLColumn("text"), .isNot, SQLLiteral.null)
    }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await Self.rebuild(idIsPrimaryKey: false, on: tx)
            let sql = tx.sql
            try await sql.create(index: "survey_answers_by_response").unique().on(Self.table)
                .column("response_id").column("question_id").run()
            var ids = sql.create(index: "survey_answers_comment_ids").unique().on(Self.table).column("id")
            ids.createIndex.predicate = Self.comments
            try await ids.run()
            var byQuestion = sql.create(index: "survey_answers_comments").on(Self.table).column("survey_id").column("question_id")
            byQuestion.createIndex.predicate = Self.comments
            try await byQuestion.run()
        }
    }

    /// Back to `CreateSurveyAnswer`'s keys: the id as primary key, and (survey, question,
    /// response) unique, here as an index rather than a table constraint.
    func revert(on database: any Database) async throws {
        try await database.transaction { tx in
            try await Self.rebuild(idIsPrimaryKey: true, on: tx)
            let sql = tx.sql
            try await sql.create(index: "survey_answers_one_per_question").unique().on(Self.table)
                .column("survey_id").column("question_id").column("response_id").run()
            try await sql.create(index: "survey_answers_by_response").on(Self.table).column("response_id").run()
        }
    }

    /// A copy of the table with the same columns, its rows, and then in its place; its indexes
    /// go with the old table.
    private static func rebuild(idIsPrimaryKey: Bool, on tx: any Database) async throws {
        var schema = tx.schema(rebuilt)
        schema = idIsPrimaryKey ? schema.id() : schema.field("id", .uuid, .required)
        try await schema
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("survey_id", .uuid, .required, .references("surveys", "id", onDelete: .cascade))
            .field("response_id", .uuid, .required, .references("survey_responses", "id", onDelete: .cascade))
            .field("question_id", .uuid, .required, .references("survey_questions", "id", onDelete: .cascade))
            .field("agreement", .int)
            .field("choice", .string)
            .field("text", .string)
            .field("screening", .string)
            .field("screened_text", .string)
            .create()
        let sql = tx.sql
        try await sql.insert(into: rebuilt).columns(columns)
            .select { $0.columns(columns.map { SQLColumn($0) }).from(table) }
            .run()
        try await tx.schema(table).delete()
        try await sql.alter(table: rebuilt).rename(to: table).run()
    }
}
