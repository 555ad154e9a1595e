import Fluent

struct CreateCohortRecord: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("cohort_records")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id"))
            .field("pair_id", .uuid, .references("reading_pairs", "id"))
            .field("position", .int, .required)
            .field("reference_digest", .string, .required)
            .field("label", .string)
            .field("category", .string, .required)
            .field("age_band", .string, .required)
            .field("locality", .string, .required)
            .field("last_event_on", .string, .required)
            .field("agency_ids", .array(of: .uuid), .required)
            .field("sample_status", .string, .required)
            .field("exclusion_reason", .string)
            .unique(on: "review_id", "reference_digest")
            .unique(on: "review_id", "position")
            .unique(on: "review_id", "label")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("cohort_records").delete()
    }
}
