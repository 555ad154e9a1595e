import Fluent

/// Who respondents of a survey of children, young people, parents or carers can talk to,
/// shown on every page of it.
struct UpdateSurveyAddHelpText: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("surveys").field("help_text", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("surveys").deleteField("help_text").update()
    }
}
