import Fluent

struct CreateActionUpdate: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("action_updates")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("action_id", .uuid, .required, .references("improvement_actions", "id"))
            .field("author_id", .uuid, .required, .references("people", "id"))
            .field("on_day", .string, .required)
            .field("status", .string, .required)
            .field("progress", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("action_updates").delete()
    }
}
