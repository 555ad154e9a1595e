import Fluent

struct UpdateConcernAddSession: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("concerns")
            .field("session_id", .uuid, .references("fieldwork_sessions", "id"))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("concerns").deleteField("session_id").update()
    }
}
