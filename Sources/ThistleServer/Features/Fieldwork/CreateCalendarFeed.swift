import Fluent

struct CreateCalendarFeed: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("calendar_feeds")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("token_digest", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "token_digest")
            .unique(on: "person_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("calendar_feeds").delete()
    }
}
