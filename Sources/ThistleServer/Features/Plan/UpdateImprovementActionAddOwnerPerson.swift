import Fluent

/// An action's owner as one of the partnership's people, so each has a list of their own
/// actions; the free-text owner stays for someone outside the partnership.
struct UpdateImprovementActionAddOwnerPerson: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("improvement_actions").field("owner_person_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("improvement_actions").deleteField("owner_person_id").update()
    }
}
