import Fluent

struct CreateReadingPair: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reading_pairs")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id"))
            .field("number", .int, .required)
            .field("reader_id", .uuid, .required, .references("people", "id"))
            .field("inspector_id", .uuid, .required, .references("people", "id"))
            .unique(on: "review_id", "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reading_pairs").delete()
    }
}
