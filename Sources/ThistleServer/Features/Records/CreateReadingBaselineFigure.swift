import Fluent

struct CreateReadingBaselineFigure: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reading_baseline_figures")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id"))
            .field("area_id", .uuid, .required, .references("improvement_areas", "id"))
            .field("exercise", .string, .required)
            .field("good_or_better", .int, .required)
            .field("base", .int, .required)
            .field("source", .string, .required)
            .unique(on: "review_id", "area_id", "exercise")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reading_baseline_figures").delete()
    }
}
