import Fluent

struct CreateIdentityProvider: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("identity_providers")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("label", .string, .required)
            .field("issuer", .string, .required)
            .field("client_id", .string, .required)
            .field("client_secret_source", .string, .required)
            .field("enabled", .bool, .required)
            .unique(on: "partnership_id", "issuer", "client_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("identity_providers").delete()
    }
}
