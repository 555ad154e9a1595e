import Fluent

/// Alerts waiting for a person's morning digest.
struct CreatePendingAlert: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("pending_alerts")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("account_id", .uuid, .required, .references("accounts", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("headline", .string, .required)
            .field("path", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("pending_alerts").delete()
    }
}
