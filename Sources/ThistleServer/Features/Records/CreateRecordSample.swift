import Fluent

struct CreateRecordSample: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("record_samples")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id"))
            .field("seed", .string, .required)
            .field("size", .int, .required)
            .field("minimums", .dictionary(of: .int), .required)
            .field("drawn_by", .string, .required)
            .field("drawn_on", .string, .required)
            .unique(on: "review_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("record_samples").delete()
    }
}
