import Fluent

struct CreateSessionNote: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("session_notes")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("session_id", .uuid, .required, .references("fieldwork_sessions", "id"))
            .field("author_id", .uuid, .required, .references("people", "id"))
            .field("area_id", .uuid, .required, .references("improvement_areas", "id"))
            .field("kind", .string, .required)
            .field("point", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("session_notes").delete()
    }
}
