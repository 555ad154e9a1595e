import Fluent

struct CreateSessionParticipant: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("session_participants")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("session_id", .uuid, .required, .references("fieldwork_sessions", "id"))
            .field("person_id", .uuid, .references("people", "id"))
            .field("external_name", .string)
            .field("external_role", .string)
            .field("is_parent", .bool, .required)
            .field("status", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("session_participants").delete()
    }
}
