import Fluent

struct CreateEvidenceSubmission: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("evidence_submissions")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id"))
            .field("pack_sha256", .string, .required)
            .field("pack_size", .int, .required)
            .field("submitted_by_id", .uuid, .required, .references("people", "id"))
            .field("submitted_at", .datetime, .required)
            .unique(on: "review_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("evidence_submissions").delete()
    }
}
