import Fluent

struct CreateGradingScaleLevel: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("grading_scale_levels")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("scale_id", .uuid, .required, .references("grading_scales", "id", onDelete: .cascade))
            .field("value", .int, .required)
            .field("label", .string, .required)
            .field("meaning", .string, .required)
            .unique(on: "scale_id", "value")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("grading_scale_levels").delete()
    }
}
