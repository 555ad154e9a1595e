import Fluent

/// Whether an invitation's own link has been emailed, so each goes once.
struct UpdateSurveyInvitationAddEmailed: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("survey_invitations")
            .field("emailed", .bool, .required, .sql(.default(false)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("survey_invitations").deleteField("emailed").update()
    }
}
