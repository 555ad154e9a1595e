import Fluent

struct CreatePlanningGroupMeeting: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("planning_group_meetings")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id"))
            .field("held_on", .string, .required)
            .field("decisions", .string, .required)
            .field("recorded_by_id", .uuid, .required, .references("people", "id"))
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("planning_group_meetings").delete()
    }
}
