import Fluent

/// No reference to invitations, no time of day, no client details: see `SurveyResponse`.
struct CreateSurveyResponse: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("survey_responses")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("survey_id", .uuid, .required, .references("surveys", "id", onDelete: .cascade))
            .field("submitted_on", .string, .required)
            .field("agency_id", .uuid, .references("agencies", "id"))
            .field("role_group", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("survey_responses").delete()
    }
}
