import Fluent

/// A session opened through a provider remembers which (to offer its sign-out) and whether the
/// provider reported multi-factor.
struct UpdateUserSessionAddIdentityProvider: AsyncMigration {
    // SQLite adds one column per ALTER TABLE, so each field is its own update.
    func prepare(on database: any Database) async throws {
        try await database.schema("user_sessions").field("identity_provider_id", .uuid).update()
        try await database.schema("user_sessions").field("provider_mfa", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("user_sessions").deleteField("provider_mfa").update()
        try await database.schema("user_sessions").deleteField("identity_provider_id").update()
    }
}
