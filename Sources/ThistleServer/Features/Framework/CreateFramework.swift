import Fluent

struct CreateFramework: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("frameworks")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("key", .string, .required)
            .field("name", .string, .required)
            .unique(on: "partnership_id", "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("frameworks").delete()
    }
}
