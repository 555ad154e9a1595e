import Fluent

/// Whether the partnership's people may sign in with a Thistle password, and whether a
/// provider's own multi-factor stands in for Thistle's second step for administrators.
struct UpdatePartnershipAddSignInOptions: AsyncMigration {
    // SQLite adds one column per ALTER TABLE, so each field is its own update.
    func prepare(on database: any Database) async throws {
        try await database.schema("partnerships").field("password_sign_in", .bool, .required, .sql(.default(true))).update()
        try await database.schema("partnerships").field("provider_mfa_accepted", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("partnerships").deleteField("provider_mfa_accepted").update()
        try await database.schema("partnerships").deleteField("password_sign_in").update()
    }
}
