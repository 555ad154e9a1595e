import Fluent
import SQLKit

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
        // Responses of one survey in id order, for the export; Fluent's builder cannot declare a plain index.
        try await database.sql.create(index: "survey_responses_by_survey").on("survey_responses").column("survey_id").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("survey_responses").delete()
    }
}
