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
/// (`TableRebuild`) in one transaction.
struct UpdateSurveyAnswerAddResponseKey: AsyncMigration {
    static let table = TableRebuild(table: "survey_answers", columns: [
        "id", "partnership_id", "survey_id", "response_id", "question_id",
        "agreement", "choice", "text", "screening", "screened_text",
    ])

    /// Comments only: the rows of `text IS NOT NULL`.
    private static var comments: any SQLExpression {
        SQLBinaryExpression(SQLColumn("text"), .isNot, SQLLiteral.null)
    }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await Self.table.rebuild(on: tx) { Self.define($0, idIsPrimaryKey: false) }
            try await Self.createIndexes(on: tx)
        }
    }

    /// Back to `CreateSurveyAnswer`'s keys: the id as primary key, and (survey, question,
    /// response) unique, here as an index rather than a table constraint.
    func revert(on database: any Database) async throws {
        try await database.transaction { tx in
            try await Self.table.rebuild(on: tx) { Self.define($0, idIsPrimaryKey: true) }
            let sql = tx.sql
            try await sql.create(index: "survey_answers_one_per_question").unique().on(Self.table.table)
                .column("survey_id").column("question_id").column("response_id").run()
            try await sql.create(index: "survey_answers_by_response").on(Self.table.table).column("response_id").run()
        }
    }

    /// The answers' indexes from this migration on: one unique by (response, question), and
    /// comments by id and by (survey, question).
    static func createIndexes(on tx: any Database) async throws {
        let sql = tx.sql
        try await sql.create(index: "survey_answers_by_response").unique().on(table.table)
            .column("response_id").column("question_id").run()
        var ids = sql.create(index: "survey_answers_comment_ids").unique().on(table.table).column("id")
        ids.createIndex.predicate = comments
        try await ids.run()
        var byQuestion = sql.create(index: "survey_answers_comments").on(table.table).column("survey_id").column("question_id")
        byQuestion.createIndex.predicate = comments
        try await byQuestion.run()
    }

    /// The table as this migration leaves it, with each key to the row it names.
    static func define(_ schema: SchemaBuilder, idIsPrimaryKey: Bool) -> SchemaBuilder {
        (idIsPrimaryKey ? schema.id() : schema.field("id", .uuid, .required))
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("survey_id", .uuid, .required, .references("surveys", "id", onDelete: .cascade))
            .field("response_id", .uuid, .required, .references("survey_responses", "id", onDelete: .cascade))
            .field("question_id", .uuid, .required, .references("survey_questions", "id", onDelete: .cascade))
            .field("agreement", .int)
            .field("choice", .string)
            .field("text", .string)
            .field("screening", .string)
            .field("screened_text", .string)
    }
}
