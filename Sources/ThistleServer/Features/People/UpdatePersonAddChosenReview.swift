import Fluent

/// The review a person chose to work in from the header's switcher (`ReviewChoice`).
struct UpdatePersonAddChosenReview: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("people").field("chosen_review_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("people").deleteField("chosen_review_id").update()
    }
}
