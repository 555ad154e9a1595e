import Fluent

struct CreateFieldworkSession: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("fieldwork_sessions")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id"))
            .field("number", .int, .required)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("theme", .string, .required)
            .field("minutes", .int, .required)
            .field("day", .string)
            .field("start_minute", .int)
            .field("room_id", .uuid, .references("rooms", "id"))
            .field("preferred_day", .string)
            .field("needs_step_free", .bool, .required)
            .field("guests", .int, .required)
            .field("record_id", .uuid, .references("cohort_records", "id"))
            .field("consent_given_by", .string)
            .field("consent_recorded_on", .string)
            .field("consent_how", .string)
            .field("consent_agreed", .string)
            .field("support_person", .string)
            .field("without_parent", .bool, .required)
            .unique(on: "review_id", "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("fieldwork_sessions").delete()
    }
}
