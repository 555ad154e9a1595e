import Fluent

/// The review the partnership's people work in until they choose another (`ReviewChoice`).
struct UpdatePartnershipAddActiveReview: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("partnerships").field("active_review_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("partnerships").deleteField("active_review_id").update()
    }
}
