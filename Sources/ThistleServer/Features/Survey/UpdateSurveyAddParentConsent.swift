import Fluent

/// Whether a survey of children or young people asks each respondent to confirm that a parent
/// or carer has agreed, before the first question.
struct UpdateSurveyAddParentConsent: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("surveys").field("parent_consent", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("surveys").deleteField("parent_consent").update()
    }
}
