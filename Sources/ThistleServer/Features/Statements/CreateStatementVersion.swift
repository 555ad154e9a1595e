import Fluent

struct CreateStatementVersion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("statement_versions")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("statement_id", .uuid, .required, .references("position_statements", "id"))
            .field("number", .int, .required)
            .field("how_good", .string, .required)
            .field("how_we_know", .string, .required)
            .field("what_next", .string, .required)
            .field("saved_by_id", .uuid, .required, .references("people", "id"))
            .field("saved_at", .datetime, .required)
            .unique(on: "statement_id", "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("statement_versions").delete()
    }
}
