import Fluent

struct CreateExternalIdentity: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("external_identities")
            .id()
            .field("account_id", .uuid, .required, .references("accounts", "id", onDelete: .cascade))
            .field("issuer", .string, .required)
            .field("subject", .string, .required)
            .field("linked_at", .datetime, .required)
            .unique(on: "issuer", "subject")
            .unique(on: "account_id", "issuer")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("external_identities").delete()
    }
}
