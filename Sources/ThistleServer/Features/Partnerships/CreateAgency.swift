import Fluent

struct CreateAgency: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("agencies")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .unique(on: "partnership_id", "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("agencies").delete()
    }
}
