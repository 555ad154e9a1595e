import Fluent

struct CreateBoardReport: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("board_reports")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id"))
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("board_reports").delete()
    }
}
