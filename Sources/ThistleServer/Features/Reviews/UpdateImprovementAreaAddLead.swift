import Fluent

struct UpdateImprovementAreaAddLead: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("improvement_areas")
            .field("lead_id", .uuid, .references("people", "id"))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("improvement_areas").deleteField("lead_id").update()
    }
}
