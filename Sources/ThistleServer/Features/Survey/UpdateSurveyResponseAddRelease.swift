import Fluent

/// Which release first included a response: rows, comments and exports show only released
/// responses. Set for whole releases at once, never per response.
struct UpdateSurveyResponseAddRelease: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("survey_responses").field("release", .int).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("survey_responses").deleteField("release").update()
    }
}
