import Fluent

struct CreateSingleSignOnAttempt: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("single_sign_on_attempts")
            .id()
            .field("provider_id", .uuid, .required, .references("identity_providers", "id", onDelete: .cascade))
            .field("state_digest", .string, .required)
            .field("nonce", .string, .required)
            .field("code_verifier", .string, .required)
            .field("next", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "state_digest")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("single_sign_on_attempts").delete()
    }
}
