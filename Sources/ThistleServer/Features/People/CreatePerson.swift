import Fluent

struct CreatePerson: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("people")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("agency_id", .uuid, .references("agencies", "id"))
            .field("name", .string, .required)
            .field("email", .string)
            .field("job_title", .string, .required)
            .field("front_line", .bool, .required)
            .field("weekly_hours", .double, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("people").delete()
    }
}
