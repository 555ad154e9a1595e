import Fluent

/// Releases of a survey's figures (`SurveyReleaseRule`), each kept as it was taken.
struct CreateSurveyRelease: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("survey_releases")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("survey_id", .uuid, .required, .references("surveys", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("respondents", .int, .required)
            .field("final", .bool, .required)
            .field("released_on", .string, .required)
            .field("figures", .string, .required)
            // Two instances taking the same release at once: one of them wins.
            .unique(on: "survey_id", "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("survey_releases").delete()
    }
}
