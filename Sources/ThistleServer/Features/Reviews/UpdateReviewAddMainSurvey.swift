import Fluent

/// The staff survey a coordinator chose to count for the review's readiness, dashboard and
/// board report (`MainSurveyRule`); nil means the survey with the most responses.
struct UpdateReviewAddMainSurvey: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reviews").field("main_survey_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reviews").deleteField("main_survey_id").update()
    }
}
