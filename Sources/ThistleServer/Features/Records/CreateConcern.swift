import Fluent

struct CreateConcern: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("concerns")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id"))
            .field("record_id", .uuid, .references("cohort_records", "id"))
            .field("raised_by_id", .uuid, .required, .references("people", "id"))
            .field("lead_officer_id", .uuid, .references("people", "id"))
            .field("number", .int, .required)
            .field("source", .string, .required)
            .field("severity", .string, .required)
            .field("details", .string, .required)
            .field("raised_on", .string, .required)
            .field("status", .string, .required)
            .field("passed_on", .string)
            .field("response_due", .string)
            .field("response", .string)
            .field("closed_on", .string)
            .field("closure_note", .string)
            .unique(on: "review_id", "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("concerns").delete()
    }
}
