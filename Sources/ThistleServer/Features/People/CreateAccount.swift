import Fluent

struct CreateAccount: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("accounts")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("email", .string, .required)
            .field("password_hash", .string, .required)
            .field("roles", .array(of: .string), .required)
            .field("disabled", .bool, .required)
            .field("last_sign_in_at", .datetime)
            .unique(on: "email")
            .unique(on: "person_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("accounts").delete()
    }
}
