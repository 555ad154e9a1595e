import Fluent

/// How many respondents of a survey confirmed a parent's or carer's agreement: one count per
/// survey and nothing else, so no confirmation can be tied to any response.
struct CreateSurveyConsentTally: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("survey_consent_tallies")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("survey_id", .uuid, .required, .references("surveys", "id", onDelete: .cascade))
            .field("confirmed", .int, .required)
            .unique(on: "survey_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("survey_consent_tallies").delete()
    }
}
