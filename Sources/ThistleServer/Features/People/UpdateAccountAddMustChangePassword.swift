import Fluent

/// An account whose password an administrator chose must change it at the next sign-in.
struct UpdateAccountAddMustChangePassword: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("accounts").field("must_change_password", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("accounts").deleteField("must_change_password").update()
    }
}
