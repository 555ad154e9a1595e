import Fluent

struct CreateRoom: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("rooms")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id"))
            .field("name", .string, .required)
            .field("location", .string, .required)
            .field("capacity", .int, .required)
            .field("step_free", .bool, .required)
            .unique(on: "review_id", "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("rooms").delete()
    }
}
