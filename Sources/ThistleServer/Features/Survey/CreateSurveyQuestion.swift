import Fluent

struct CreateSurveyQuestion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("survey_questions")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("survey_id", .uuid, .required, .references("surveys", "id", onDelete: .cascade))
            .field("area_id", .uuid, .references("improvement_areas", "id"))
            .field("key", .string, .required)
            .field("position", .int, .required)
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("required", .bool, .required)
            .field("options", .array(of: .string), .required)
            .field("indicator_codes", .array(of: .string), .required)
            .unique(on: "survey_id", "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("survey_questions").delete()
    }
}
