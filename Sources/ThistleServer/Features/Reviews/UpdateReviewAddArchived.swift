import Fluent

/// An archived review is hidden from the review switcher and still readable (`ReviewChoice`).
struct UpdateReviewAddArchived: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reviews").field("archived", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reviews").deleteField("archived").update()
    }
}
