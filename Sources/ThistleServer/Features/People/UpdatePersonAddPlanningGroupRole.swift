import Fluent

struct UpdatePersonAddPlanningGroupRole: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("people")
            .field("planning_group_role", .string, .required, .sql(.default("none")))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("people").deleteField("planning_group_role").update()
    }
}
