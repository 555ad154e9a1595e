import Fluent

struct CreateMembership: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("memberships")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("account_id", .uuid, .required, .references("accounts", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("roles", .array(of: .string), .required)
            .unique(on: "account_id", "partnership_id")
            .unique(on: "person_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("memberships").delete()
    }
}
