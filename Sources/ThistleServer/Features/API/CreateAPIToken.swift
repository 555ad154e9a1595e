import Fluent

struct CreateAPIToken: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("api_tokens")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("token_digest", .string, .required)
            .field("name", .string, .required)
            .field("hint", .string, .required)
            .field("role", .string, .required)
            .field("expires_on", .string, .required)
            .field("revoked_on", .string)
            .field("last_used_on", .string)
            .field("created_at", .datetime)
            .field("created_by_id", .uuid, .references("accounts", "id"))
            .unique(on: "token_digest")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("api_tokens").delete()
    }
}
