import Fluent

struct CreateKeyDate: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("review_key_dates")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("date", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("review_key_dates").delete()
    }
}
