import Fluent

/// The improvement area a concern bears on, if one: readiness counts concerns per area.
struct UpdateConcernAddArea: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("concerns").field("area_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("concerns").deleteField("area_id").update()
    }
}
