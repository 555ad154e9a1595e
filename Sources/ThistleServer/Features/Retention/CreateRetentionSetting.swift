import Fluent

struct CreateRetentionSetting: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("retention_settings")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("kind", .string, .required)
            .field("months", .int, .required)
            .unique(on: "partnership_id", "kind")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("retention_settings").delete()
    }
}
