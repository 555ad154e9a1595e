import Fluent

struct CreateEvaluation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("evaluations")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id"))
            .field("indicator_id", .uuid, .references("quality_indicators", "id"))
            .field("area_id", .uuid, .references("improvement_areas", "id"))
            .field("grade", .int, .required)
            .field("source", .string, .required)
            .field("evaluated_on", .string, .required)
            .field("note", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("evaluations").delete()
    }
}
