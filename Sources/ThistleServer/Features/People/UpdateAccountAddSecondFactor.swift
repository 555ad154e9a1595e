import Fluent

struct UpdateAccountAddSecondFactor: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column an update: SQLite adds columns one at a time.
        try await database.schema("accounts").field("totp_secret", .string).update()
        try await database.schema("accounts").field("totp_pending_secret", .string).update()
        try await database.schema("accounts").field("totp_last_step", .int64).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("accounts").deleteField("totp_last_step").update()
        try await database.schema("accounts").deleteField("totp_pending_secret").update()
        try await database.schema("accounts").deleteField("totp_secret").update()
    }
}
