import Fluent

struct CreateReading: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("readings")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("record_id", .uuid, .required, .references("cohort_records", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("side", .string, .required)
            .field("status", .string, .required)
            .field("template_version", .int, .required)
            // One reading per side of a record: a second tab or a double click cannot make two.
            .unique(on: "record_id", "side")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("readings").delete()
    }
}
