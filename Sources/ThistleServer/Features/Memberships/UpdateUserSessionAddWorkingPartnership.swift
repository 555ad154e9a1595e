import Fluent

/// The partnership a member of several works in during this session; nil: their account's own.
struct UpdateUserSessionAddWorkingPartnership: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("user_sessions").field("working_partnership_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("user_sessions").deleteField("working_partnership_id").update()
    }
}
