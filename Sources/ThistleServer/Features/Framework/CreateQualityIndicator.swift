import Fluent

struct CreateQualityIndicator: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("quality_indicators")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("framework_id", .uuid, .required, .references("frameworks", "id", onDelete: .cascade))
            .field("code", .string, .required)
            .field("title", .string, .required)
            .field("group_title", .string, .required)
            .unique(on: "framework_id", "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("quality_indicators").delete()
    }
}
