import Fluent

struct CreateSurveyInvitation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("survey_invitations")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("survey_id", .uuid, .required, .references("surveys", "id", onDelete: .cascade))
            .field("agency_id", .uuid, .required, .references("agencies", "id"))
            .field("code_digest", .string, .required)
            .field("email", .string)
            .field("used", .bool, .required)
            .unique(on: "code_digest")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("survey_invitations").delete()
    }
}
