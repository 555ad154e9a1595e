import Fluent

/// A partnership's own wording of a message, in place of Thistle's.
struct CreatePartnershipMailWording: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("mail_wordings")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("key", .string, .required)
            .field("subject", .string, .required)
            .field("text", .string, .required)
            .unique(on: "partnership_id", "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("mail_wordings").delete()
    }
}
