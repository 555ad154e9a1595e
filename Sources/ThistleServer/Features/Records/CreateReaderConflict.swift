import Fluent

struct CreateReaderConflict: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reader_conflicts")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("record_id", .uuid, .required, .references("cohort_records", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("kind", .string, .required)
            .field("declared_on", .string, .required)
            .unique(on: "record_id", "person_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reader_conflicts").delete()
    }
}
