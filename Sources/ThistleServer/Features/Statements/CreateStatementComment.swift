import Fluent

struct CreateStatementComment: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("statement_comments")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("statement_id", .uuid, .required, .references("position_statements", "id"))
            .field("version", .int, .required)
            .field("author_id", .uuid, .required, .references("people", "id"))
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("statement_comments").delete()
    }
}
