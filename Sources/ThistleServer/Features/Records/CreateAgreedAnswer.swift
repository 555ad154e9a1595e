import Fluent

struct CreateAgreedAnswer: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("agreed_answers")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("record_id", .uuid, .required, .references("cohort_records", "id"))
            .field("question_id", .uuid, .required, .references("reading_questions", "id"))
            .field("grade", .int)
            .field("choice", .string)
            .field("note", .string, .required)
            .field("agreed_on", .string, .required)
            .field("override_grade", .int)
            .field("override_reason", .string)
            .field("overridden_by_id", .uuid, .references("people", "id"))
            .unique(on: "record_id", "question_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("agreed_answers").delete()
    }
}
