import Fluent

struct CreateReadingAnswer: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reading_answers")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("reading_id", .uuid, .required, .references("readings", "id"))
            .field("question_id", .uuid, .required, .references("reading_questions", "id"))
            .field("grade", .int)
            .field("choice", .string)
            .field("note", .string, .required)
            .unique(on: "reading_id", "question_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reading_answers").delete()
    }
}
