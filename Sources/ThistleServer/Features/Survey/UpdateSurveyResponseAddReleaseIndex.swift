import Fluent

/// A release marks and counts the responses not yet released, and the results read those of one
/// release: found by survey and release, not by reading every response of the survey.
struct UpdateSurveyResponseAddReleaseIndex: AsyncMigration {
    static let indexes = TableIndexes(table: "survey_responses", indexes: [
        ("survey_responses_by_release", ["survey_id", "release"]),
    ])

    func prepare(on database: any Database) async throws {
        try await Self.indexes.create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await Self.indexes.drop(on: database)
    }
}
