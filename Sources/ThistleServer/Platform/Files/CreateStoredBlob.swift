import Fluent

struct CreateStoredBlob: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("stored_blobs")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("sha256", .string, .required)
            .field("size", .int, .required)
            .field("data", .data, .required)
            .field("created_at", .datetime)
            .unique(on: "partnership_id", "sha256")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("stored_blobs").delete()
    }
}
