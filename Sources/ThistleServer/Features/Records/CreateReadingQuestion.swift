import Fluent

struct CreateReadingQuestion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reading_questions")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("template_id", .uuid, .required, .references("reading_templates", "id"))
            .field("area_id", .uuid, .required, .references("improvement_areas", "id"))
            .field("key", .string, .required)
            .field("position", .int, .required)
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("indicator_codes", .array(of: .string), .required)
            .unique(on: "template_id", "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reading_questions").delete()
    }
}
