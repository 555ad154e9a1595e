import Fluent

struct CreatePersonUnavailability: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("person_unavailability")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("day", .string, .required)
            .field("start_minute", .int, .required)
            .field("end_minute", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("person_unavailability").delete()
    }
}
